/**
 * The functions templates can call by name, as Helm 4.1.4 registers them: Sprig v3.3.0's
 * TxtFuncMap without `env` and `expandenv`, plus Helm's own. Every name Helm knows is here:
 * implemented as Go has it, a stable placeholder (`changingFunctions`), or a function that
 * reports it is not supported. The engine functions (`include`, `tpl`, `required`, `fail`,
 * `lookup`) and Go's builtins (`printf`, `index`, `eq`…) belong to the evaluator.
 */
import { GoFunction, UnsupportedFunction } from '../value';
import { changingFunctions, placeholderFunctions } from './changing';
import { defaultFunctions } from './defaults';
import { dateFunctions } from './dates';
import { dictFunctions } from './dicts';
import { floatFunctions } from './floats';
import { encodingFunctions } from './encoding';
import { listFunctions } from './lists';
import { mathFunctions } from './math';
import { pathFunctions } from './paths';
import { reflectionFunctions } from './reflection';
import { regexFunctions } from './regex';
import { fromTextFunctions } from './fromText';
import { semverFunctions } from './semver';
import { urlFunctions } from './urls';
import { serializationFunctions } from './serialization';
import { stringFunctions } from './strings';
import { wordFunctions } from './words';

export { changingFunctions };

/** Every name in Helm 4.1.4's funcMap (Sprig's and Helm's), engine functions included. */
export const helmFunctionNames: readonly string[] = [
  'abbrev', 'abbrevboth', 'add', 'add1', 'add1f', 'addf', 'adler32sum', 'ago', 'all', 'any', 'append', 'atoi', 'b32dec', 'b32enc', 'b64dec', 'b64enc', 'base', 'bcrypt', 'biggest',
  'buildCustomCert', 'camelcase', 'cat', 'ceil', 'chunk', 'clean', 'coalesce', 'compact', 'concat', 'contains', 'date', 'dateInZone', 'dateModify', 'date_in_zone', 'date_modify',
  'decryptAES', 'deepCopy', 'deepEqual', 'default', 'derivePassword', 'dict', 'dig', 'dir', 'div', 'divf', 'duration', 'durationRound', 'empty', 'encryptAES', 'ext', 'fail', 'first',
  'float64', 'floor', 'fromJson', 'fromJsonArray', 'fromToml', 'fromYaml', 'fromYamlArray', 'genCA', 'genCAWithKey', 'genPrivateKey', 'genSelfSignedCert', 'genSelfSignedCertWithKey',
  'genSignedCert', 'genSignedCertWithKey', 'get', 'getHostByName', 'has', 'hasKey', 'hasPrefix', 'hasSuffix', 'hello', 'htmlDate', 'htmlDateInZone', 'htpasswd', 'include', 'indent',
  'initial', 'initials', 'int', 'int64', 'isAbs', 'join', 'kebabcase', 'keys', 'kindIs', 'kindOf', 'last', 'list', 'lookup', 'lower', 'max', 'maxf', 'merge', 'mergeOverwrite', 'min',
  'minf', 'mod', 'mul', 'mulf', 'mustAppend', 'mustChunk', 'mustCompact', 'mustDateModify', 'mustDeepCopy', 'mustFirst', 'mustFromJson', 'mustHas', 'mustInitial', 'mustLast',
  'mustMerge', 'mustMergeOverwrite', 'mustPrepend', 'mustPush', 'mustRegexFind', 'mustRegexFindAll', 'mustRegexMatch', 'mustRegexReplaceAll', 'mustRegexReplaceAllLiteral',
  'mustRegexSplit', 'mustRest', 'mustReverse', 'mustSlice', 'mustToDate', 'mustToJson', 'mustToPrettyJson', 'mustToRawJson', 'mustToYaml', 'mustUniq', 'mustWithout',
  'must_date_modify', 'nindent', 'nospace', 'now', 'omit', 'osBase', 'osClean', 'osDir', 'osExt', 'osIsAbs', 'pick', 'pluck', 'plural', 'prepend', 'push', 'quote', 'randAlpha',
  'randAlphaNum', 'randAscii', 'randBytes', 'randInt', 'randNumeric', 'regexFind', 'regexFindAll', 'regexMatch', 'regexQuoteMeta', 'regexReplaceAll', 'regexReplaceAllLiteral',
  'regexSplit', 'repeat', 'replace', 'required', 'rest', 'reverse', 'round', 'semver', 'semverCompare', 'seq', 'set', 'sha1sum', 'sha256sum', 'sha512sum', 'shuffle', 'slice',
  'snakecase', 'sortAlpha', 'split', 'splitList', 'splitn', 'squote', 'sub', 'subf', 'substr', 'swapcase', 'ternary', 'title', 'toDate', 'toDecimal', 'toJson', 'toPrettyJson',
  'toRawJson', 'toString', 'toStrings', 'toToml', 'toYaml', 'toYamlPretty', 'tpl', 'trim', 'trimAll', 'trimPrefix', 'trimSuffix', 'trimall', 'trunc', 'tuple', 'typeIs', 'typeIsLike',
  'typeOf', 'uniq', 'unixEpoch', 'unset', 'until', 'untilStep', 'untitle', 'upper', 'urlJoin', 'urlParse', 'uuidv4', 'values', 'without', 'wrap', 'wrapWith',
];

/** Written by the evaluator: they need the template set, values or the cluster. */
export const engineFunctionNames: ReadonlySet<string> = new Set(['include', 'tpl', 'required', 'fail', 'lookup']);

function unsupported(name: string): GoFunction {
  return {
    params: [],
    variadic: 'interface {}',
    call: () => {
      throw new UnsupportedFunction(`${name} is not supported by this renderer`);
    },
  };
}

const implemented: ReadonlyMap<string, GoFunction> = new Map([
  ...stringFunctions,
  ...wordFunctions,
  ...listFunctions,
  ...dictFunctions,
  ...defaultFunctions,
  ...mathFunctions,
  ...floatFunctions,
  ...reflectionFunctions,
  ...encodingFunctions,
  ...regexFunctions,
  ...pathFunctions,
  ...serializationFunctions,
  ...semverFunctions,
  ...fromTextFunctions,
  ...urlFunctions,
  ...dateFunctions,
  ...placeholderFunctions,
]);

/** Sprig's and Helm's functions by name, without the engine functions. */
export const functionLibrary: ReadonlyMap<string, GoFunction> = new Map(
  helmFunctionNames.filter((name) => !engineFunctionNames.has(name)).map((name) => [name, implemented.get(name) ?? unsupported(name)]),
);
