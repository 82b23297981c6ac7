/**
 * The extension's Marketplace page and Extensions view: scripts/package.mjs stages the package,
 * `vsce ls` says what ships and `vsce package` makes the .vsix. The packaged README opens with
 * what the extension does, names no developer command, and every relative link or picture in
 * it resolves to a file in the `vsce ls` list and in the .vsix as written: vsce renames some
 * files on the way (LICENSE to LICENSE.txt, CHANGELOG.md to changelog.md), and a link to the
 * old name leads nowhere once installed. The icon, changelog, categories and keywords are there.
 */
import * as assert from 'assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, describe, it } from 'node:test';

const root = path.resolve(__dirname, '../../..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-marketplace-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));
const stage = path.join(scratch, 'stage');
execFileSync(process.execPath, [path.join(root, 'scripts/package.mjs'), '--stage', stage], { stdio: 'pipe' });
const vsce = path.join(root, 'node_modules/@vscode/vsce/vsce');
const shipped = new Set(execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: stage, encoding: 'utf8' }).trim().split('\n'));
const vsix = path.join(scratch, 'helm-hooks.vsix');
execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix], { cwd: stage, stdio: 'pipe' });
const inVsix = new Set(zipEntries(fs.readFileSync(vsix)).filter((name) => name.startsWith('extension/')).map((name) => name.slice('extension/'.length)));
const readme = fs.readFileSync(path.join(stage, 'README.md'), 'utf8');
const manifest = JSON.parse(fs.readFileSync(path.join(stage, 'package.json'), 'utf8'));

/** Targets of Markdown links and pictures, and of HTML src/href attributes. */
function linkTargets(markdown: string): string[] {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...withoutCode.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)|\b(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? match[2]);
}

describe('Marketplace package', () => {
  it('every relative link and picture in the packaged README is a file in the package', () => {
    const relative = linkTargets(readme).filter((target) => !/^([a-z][a-z0-9+.-]*:|#)/i.test(target));
    assert.ok(relative.length >= 4, `links found: ${relative.join(', ')}`);
    const files = relative.map((target) => decodeURI(target.split('#')[0]).replace(/^\.\//, ''));
    assert.deepEqual(files.filter((file) => !shipped.has(file)), [], `vsce ls: ${[...shipped].join(', ')}`);
    assert.deepEqual(files.filter((file) => !inVsix.has(file)), [], `in the .vsix: ${[...inVsix].join(', ')}`);
  });

  it('every schema the manifest contributes to YAML editors is a file in the package', () => {
    const urls = ((manifest.contributes?.yamlValidation ?? []) as { url: string }[]).map((entry) => entry.url.replace(/^\.\//, ''));
    assert.ok(urls.length > 0, 'the config file schema is contributed');
    assert.deepEqual(urls.filter((file) => !shipped.has(file) || !inVsix.has(file)), [], `in the .vsix: ${[...inVsix].join(', ')}`);
  });

  it('the link check sees what it must', () => {
    assert.deepEqual(linkTargets('![a](images/x.png) [b](docs/rules.md#id "t") `[c](no)` <img src="y.png"> [d](https://example.org)'), ['images/x.png', 'docs/rules.md#id', 'y.png', 'https://example.org']);
  });

  it('the README opens with what the extension does and names no developer command', () => {
    const [title, , firstParagraph] = readme.split('\n');
    assert.equal(title, `# ${manifest.displayName}`);
    assert.match(firstParagraph, /^\*\*Checks Helm hook annotations/);
    for (const command of [/\bnpm (ci|run|test)\b/, /\bnode (dist|scripts)\//, /\bgit clone\b/, /\bnpx\b/]) assert.doesNotMatch(readme, command);
  });

  it('ships the icon (a PNG of at least 128x128), the changelog, categories and keywords', () => {
    assert.equal(manifest.icon, 'images/icon.png');
    assert.ok(inVsix.has('images/icon.png') && inVsix.has('changelog.md') && inVsix.has('LICENSE.txt'), [...inVsix].join(', '));
    const png = fs.readFileSync(path.join(stage, manifest.icon));
    assert.equal(png.toString('latin1', 1, 4), 'PNG');
    assert.ok(png.readUInt32BE(16) >= 128 && png.readUInt32BE(20) >= 128, `${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`);
    assert.match(fs.readFileSync(path.join(stage, 'CHANGELOG.md'), 'utf8'), new RegExp(`^## ${manifest.version.replace(/\./g, '\\.')}$`, 'm'));
    assert.ok(manifest.categories.includes('Linters'));
    assert.ok(manifest.keywords.includes('helm') && manifest.keywords.length <= 30);
  });
});

/** Entry names from a zip's central directory (enough for a .vsix; no extraction). */
function zipEntries(zip: Buffer): string[] {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  assert.ok(end >= 0, 'not a zip file');
  const names: string[] = [];
  let cursor = zip.readUInt32LE(end + 16);
  for (let index = 0; index < zip.readUInt16LE(end + 10); index++) {
    const nameLength = zip.readUInt16LE(cursor + 28);
    names.push(zip.toString('utf8', cursor + 46, cursor + 46 + nameLength));
    cursor += 46 + nameLength + zip.readUInt16LE(cursor + 30) + zip.readUInt16LE(cursor + 32);
  }
  return names;
}
