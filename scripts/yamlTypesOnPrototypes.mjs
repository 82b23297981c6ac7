import { readFileSync } from 'fs';

/**
 * `yaml` gives every node, pair, document and schema its type with `Object.defineProperty(this,
 * symbol, { value })` in the constructor: a call into V8's runtime per object, whose value is the
 * same for every instance of a class (a Scalar is always SCALAR, a schema's MAP tag always the
 * same object). Reading issue 16's 13,548-hook file builds a few million of them, and these
 * calls were the largest single item of the CLI's main thread (`NodeBase` 180 ms self time in a
 * sampled profile, `Pair` 48 ms). Bundled, each constructor defines the property once on its
 * class's prototype (the same symbol, value and attributes: not writable, not enumerable, not
 * configurable) and on the instance only when its class's prototype holds another value, so
 * `node[symbol]` (what `isScalar`, `isMap`, … read) gives what it gave; only reflection over an
 * object's own symbols could tell. A version of `yaml` without these exact lines fails the build.
 */
export const yamlTypeLines = [
  { file: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/]nodes[\\/]Node\.js$/, lines: ['Object.defineProperty(this, identity.NODE_TYPE, { value: type });'] },
  { file: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/]nodes[\\/]Pair\.js$/, lines: ['Object.defineProperty(this, identity.NODE_TYPE, { value: identity.PAIR });'] },
  { file: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/]doc[\\/]Document\.js$/, lines: ['Object.defineProperty(this, identity.NODE_TYPE, { value: identity.DOC });'] },
  {
    file: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/]schema[\\/]Schema\.js$/,
    lines: [
      'Object.defineProperty(this, identity.MAP, { value: map.map });',
      'Object.defineProperty(this, identity.SCALAR, { value: string.string });',
      'Object.defineProperty(this, identity.SEQ, { value: seq.seq });',
    ],
  },
];
/** The replacement's helper, put at the top of each file it is used in. */
const typeOnPrototype = `function __typeOnPrototype(object, key, value) {
  const proto = Object.getPrototypeOf(object);
  if (!Object.prototype.hasOwnProperty.call(proto, key)) Object.defineProperty(proto, key, { value });
  if (proto[key] !== value) Object.defineProperty(object, key, { value });
}
`;
export const yamlTypesOnPrototypes = {
  name: 'yaml-types-on-prototypes',
  setup(build) {
    for (const { file, lines } of yamlTypeLines) {
      build.onLoad({ filter: file }, async (loaded) => {
        let text = readFileSync(loaded.path, 'utf8');
        for (const line of lines) {
          if (text.split(line).length !== 2) return { errors: [{ text: `${loaded.path} no longer has the line ${line}: update scripts/build.mjs (yamlTypeLines)` }] };
          const call = /^Object\.defineProperty\(this, (.+), \{ value: (.+) \}\);$/.exec(line);
          text = text.replace(line, `__typeOnPrototype(this, ${call[1]}, ${call[2]});`);
        }
        // After the 'use strict' directive, which must stay the file's first statement.
        const strict = "'use strict';\n";
        if (!text.startsWith(strict)) return { errors: [{ text: `${loaded.path} no longer starts with 'use strict': update scripts/build.mjs (yamlTypeLines)` }] };
        return { contents: strict + typeOnPrototype + text.slice(strict.length), loader: 'js' };
      });
    }
  },
};
