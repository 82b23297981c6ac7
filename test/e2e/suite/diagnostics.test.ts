/** Diagnostics as VS Code shows them: every rule the chart triggers, with exact ranges and severities. */
import * as assert from 'assert';
import { describe, it } from 'mocha';
import { diagnosticSource, expectDiagnostics, expected, open, ruleOf } from './helpers';

describe('diagnostics', () => {
  it('reports each rule a chart triggers, with exact ids, ranges and severities', async () => {
    const { document } = await open('diagnostics/templates/migrate-job.yaml');
    const diagnostics = await expectDiagnostics(document.uri, [
      expected(document, 'error', 'unknown-hook-event', 'hook: «pre-instal»,pre-upgrade'),
      expected(document, 'error', 'non-string-annotation', 'hook-weight: «5»'),
      expected(document, 'warning', 'missing-before-hook-creation', 'hook-delete-policy: «hook-succeded»'),
      expected(document, 'error', 'unknown-delete-policy', 'hook-delete-policy: «hook-succeded»'),
      expected(document, 'error', 'hook-restart-policy', 'kind: «Pod»'),
    ]);
    for (const diagnostic of diagnostics) {
      assert.strictEqual(diagnostic.source, diagnosticSource);
      assert.ok(diagnostic.message.length > 0, `${ruleOf(diagnostic)} has no message`);
      // One short sentence, no file path: the Problems panel shows the file beside it.
      assert.ok(diagnostic.message.length <= 120, `${ruleOf(diagnostic)}: ${diagnostic.message.length} characters: ${diagnostic.message}`);
      assert.doesNotMatch(diagnostic.message, /templates\//, `${ruleOf(diagnostic)} names a file: ${diagnostic.message}`);
      const code = diagnostic.code as { value: string; target: { toString(): string } };
      assert.match(code.target.toString(), new RegExp(`docs/rules\\.md#${ruleOf(diagnostic)}$`), 'the code links to the rule docs');
    }
    const typo = diagnostics.find((d) => ruleOf(d) === 'unknown-hook-event');
    assert.match(typo?.message ?? '', /"pre-instal"/, 'the message names the offending value');
  });
});
