/**
 * The server's log, shown in the client's output panel: failures of handlers and of the
 * validation, and rules that failed inside the core (each said once, not on every keystroke).
 */
import type { Connection } from 'vscode-languageserver';
import type { AnalysisResult } from './analysis';

export class ServerLog {
  private readonly reportedErrors = new Set<string>();

  constructor(private readonly connection: Connection) {}

  failed(where: string, error: unknown): void {
    this.connection.console.error(`${where} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  }

  warn(message: string): void {
    this.connection.console.warn(message);
  }

  /** Logs the rules that failed in `result`; the same broken rule fails on every keystroke, so each error is said once. */
  internalErrors(result: AnalysisResult): void {
    for (const error of result.internalErrors) {
      if (this.reportedErrors.has(error)) continue;
      this.reportedErrors.add(error);
      this.connection.console.error(`rule failed: ${error}`);
    }
  }
}
