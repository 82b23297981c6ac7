/**
 * The speed work of issue 15 must not change a byte of what `check` reports: the JSON output of
 * `helm-hooks check` over the whole shared corpus (the literal reading: `--no-render` once the CLI
 * has it) equals the checked-in golden test/fixtures/corpus-check/check.json, with the corpus
 * folder written as `<corpus>`. Each optimisation is landed with this test unchanged; a change
 * that means to change findings rewrites the golden (UPDATE_FIXTURES=1) and says why.
 * Without the corpus the test says so and compares nothing.
 */
import * as path from 'path';
import { describe, it } from 'node:test';
import { rules } from '../../server/src/analysis';
import { parseArgs } from '../../server/src/cli/args';
import { main } from '../../server/src/cli/main';
import { corpusAbsence, corpusRoot } from '../support/corpus';
import { assertGolden } from './support/goldens';

const golden = path.join(__dirname, '../../../test/fixtures/corpus-check/check.json');
const corpus = corpusRoot();

/** `--no-render` when check knows it (rendering is then the default), else nothing: the literal reading either way. */
function literalFlag(): string[] {
  return parseArgs(['check', '--no-render', '.'], { ruleIds: new Set(rules.map((rule) => rule.id)) }).ok ? ['--no-render'] : [];
}

describe('check on the corpus', () => {
  it('prints the same JSON as the golden, byte for byte', (context) => {
    if (!corpus) {
      console.log(`corpus check: not compared (${corpusAbsence()})`);
      context.skip(corpusAbsence());
      return;
    }
    let stdout = '';
    let stderr = '';
    const status = main(['check', ...literalFlag(), '--format', 'json', '--exit-zero', '--no-config', corpus], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), colorOutput: false, terminal: false, readStdin: () => Buffer.alloc(0) });
    if (status !== 0) throw new Error(`check exited ${status}: ${stderr}`);
    assertGolden(golden, stdout.split(corpus).join('<corpus>'), 'check --format json of the corpus');
  });
});
