/**
 * Prints a generated case file (test/support/templateGrammar.ts) for a seed:
 *
 *   node out/test/support/writeGeneratedCases.js SEED COUNT > test/fixtures/render/cases/generated-SEED.yaml
 *   HELM_BIN=… node scripts/render-cases.mjs test/fixtures/render/cases/generated-SEED.yaml
 */
import { caseFileText, TemplateGenerator } from './templateGrammar';

const seed = Number(process.argv[2]);
const count = Number(process.argv[3] ?? 100);
if (!Number.isInteger(seed) || !Number.isInteger(count)) {
  console.error('usage: writeGeneratedCases SEED [COUNT]');
  process.exit(2);
}
process.stdout.write(caseFileText(seed, new TemplateGenerator(seed).generate(count)));
