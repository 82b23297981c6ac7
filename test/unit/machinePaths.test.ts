/**
 * The repository holds no absolute path of a particular machine (a home folder, a workplace
 * folder): such a path works on one machine and silently changes what runs everywhere else.
 * The corpus the benchmark, soak and fuzz read is found by test/support/corpus.ts instead.
 */
import * as assert from 'assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, it } from 'node:test';
import { corpusAbsence, corpusRoot, corpusVariable, repositoryRoot } from '../support/corpus';

/** Folders that only exist on some machine, as the start of an absolute path (not inside a URL or a relative path). */
const machinePath = new RegExp(String.raw`(^|[^A-Za-z0-9_.~/-])/(${['work', 'root', 'home', 'Users'].join('|')})/`);

describe('no absolute machine path in the repository', () => {
  const root = repositoryRoot();

  it('finds the repository root from the compiled test', () => {
    assert.ok(root && fs.existsSync(path.join(root, 'package.json')), String(root));
  });

  it('no tracked file names a machine\'s folder', () => {
    const listed = spawnSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' });
    assert.equal(listed.status, 0, `git ls-files failed: ${listed.stderr}`);
    const files = listed.stdout.split('\0').filter((file) => file !== '');
    assert.ok(files.length > 100, 'the listing holds the repository');
    const found: string[] = [];
    for (const file of files) {
      const full = path.join(root!, file);
      if (!fs.existsSync(full) || !fs.statSync(full).isFile()) continue;
      const bytes = fs.readFileSync(full);
      if (bytes.includes(0)) continue;
      bytes.toString('utf8').split('\n').forEach((line, index) => {
        if (machinePath.test(line)) found.push(`${file}:${index + 1}: ${line.trim()}`);
      });
    }
    assert.deepEqual(found, []);
  });

  it('the pattern finds such paths and leaves URLs and relative paths alone', () => {
    // Built from parts, so this file does not hold what it looks for.
    const at = (folder: string, rest: string) => `/${folder}/${rest}`;
    for (const line of [`const corpus = '${at('work', 'shared/corpus')}';`, `"${at('home', 'me/chart')}"`, `cd ${at('root', 'x')}`, `\`${at('Users', 'me')}\``]) assert.ok(machinePath.test(line), line);
    for (const line of ['https://example.com/home/page', 'docs/work/x', '../shared/corpus', 'a ~/home/x']) assert.ok(!machinePath.test(line), line);
  });
});

describe('the corpus location', () => {
  const withVariable = <T>(value: string | undefined, body: () => T): T => {
    const saved = process.env[corpusVariable];
    if (value === undefined) delete process.env[corpusVariable];
    else process.env[corpusVariable] = value;
    try {
      return body();
    } finally {
      if (saved === undefined) delete process.env[corpusVariable];
      else process.env[corpusVariable] = saved;
    }
  };

  it(`comes from ${corpusVariable} when it is set`, () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-corpus-'));
    try {
      assert.equal(withVariable(folder, corpusRoot), folder);
      const missing = path.join(folder, 'missing');
      assert.equal(withVariable(missing, corpusRoot), undefined);
      assert.equal(withVariable(missing, corpusAbsence), `no corpus: ${corpusVariable} names ${missing}, which is not a folder`);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('else from ../shared/corpus beside the repository, and says where it looked when that is absent', () => {
    const beside = path.resolve(repositoryRoot()!, '..', 'shared', 'corpus');
    const found = withVariable(undefined, corpusRoot);
    assert.equal(found, fs.existsSync(beside) ? beside : undefined);
    if (!found) assert.ok(withVariable(undefined, corpusAbsence).includes(beside));
  });
});
