/**
 * Where the shipped docs/rules.md is, for links to a rule's section: the language server's
 * diagnostics and the CLI's text output link there, and nowhere else (no invented URLs).
 */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';

let docsFile: string | null | undefined;

/**
 * A file URL of the rule's section in the shipped docs/rules.md, or undefined when the file is
 * not there. A bundle sits in dist/, so the file is one folder up; compiled test builds sit
 * deeper, so look a few folders up.
 */
export function ruleDocsHref(rule: string): string | undefined {
  if (docsFile === undefined) {
    docsFile = null;
    let dir = __dirname;
    for (let depth = 0; depth < 5; depth++) {
      const candidate = path.join(dir, '..', 'docs', 'rules.md');
      if (fs.existsSync(candidate)) {
        docsFile = candidate;
        break;
      }
      dir = path.dirname(dir);
    }
  }
  return docsFile ? `${pathToFileURL(docsFile).href}#${rule}` : undefined;
}
