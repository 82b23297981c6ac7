#!/usr/bin/env node
/**
 * The floor of `helm-hooks check`: what any tool that reports hook annotations must at least do.
 * It reads every file under each PATH (as text, like the CLI) and finds the lines that hold
 * `helm.sh/hook`, and prints how many files, bytes and lines it saw. Nothing else: no YAML, no
 * template, no rules. The benchmark (section 10) runs it as a whole process, beside the CLI, so
 * the CLI's ratio to it says what the checking costs above Node start-up and reading the chart.
 *
 *   node bench/floor.mjs PATH...
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

let files = 0;
let bytes = 0;
let hookLines = 0;

function visit(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) visit(full);
    else if (entry.isFile()) read(full);
  }
}

function read(file) {
  const text = readFileSync(file, 'utf8');
  files++;
  bytes += text.length;
  for (let at = text.indexOf('helm.sh/hook'); at >= 0; at = text.indexOf('helm.sh/hook', at + 1)) {
    hookLines++;
    const lineEnd = text.indexOf('\n', at);
    if (lineEnd < 0) break;
    at = lineEnd;
  }
}

for (const target of process.argv.slice(2)) visit(target);
console.log(`${files} files, ${bytes} characters, ${hookLines} lines with helm.sh/hook`);
