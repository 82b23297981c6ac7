/** Rule severities from the settings, changed while the server runs: no restart, no reopening. */
import { describe, it } from 'mocha';
import { expectDiagnostics, expected, open, setRuleSeverity } from './helpers';

describe('settings', () => {
  it('a rule severity changed at run time takes effect, and off removes the rule', async () => {
    const { document } = await open('diagnostics/templates/migrate-job.yaml');
    const others = [
      expected(document, 'error', 'unknown-hook-event', 'hook: «pre-instal»,pre-upgrade'),
      expected(document, 'error', 'non-string-annotation', 'hook-weight: «5»'),
      expected(document, 'warning', 'missing-before-hook-creation', 'hook-delete-policy: «hook-succeded»'),
      expected(document, 'error', 'hook-restart-policy', 'kind: «Pod»'),
    ];
    const policy = (severity: string) => expected(document, severity, 'unknown-delete-policy', 'hook-delete-policy: «hook-succeded»');
    await expectDiagnostics(document.uri, [...others, policy('error')]);
    try {
      await setRuleSeverity('unknown-delete-policy', 'hint');
      await expectDiagnostics(document.uri, [...others, policy('hint')]);
      await setRuleSeverity('unknown-delete-policy', 'off');
      await expectDiagnostics(document.uri, others);
    } finally {
      await setRuleSeverity('unknown-delete-policy', undefined);
    }
    await expectDiagnostics(document.uri, [...others, policy('error')]);
  });
});
