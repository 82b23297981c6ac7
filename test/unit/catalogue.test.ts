/**
 * The rule catalogue is the single source of rule ids, docs/rules.md and the
 * `helmHooks.rules.*` settings: this checks the generated files are current and every rule
 * is complete (module, fixtures, fix golden, examples that do what they claim).
 * Written for whatever the catalogue holds, so new rules are checked without edits here.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { analyzeChart, rules } from '../../server/src/analysis';
import { exampleChart, exampleText } from '../../server/src/cli/ruleDocs';
import { configSchemaPath, configSchemaText, renderRulesMarkdown, ruleSettingsIn, ruleSettingsSchema, rulesDocPath } from '../../scripts/generate';
import { parseConfig } from '../../server/src/node/configFile';
import { fixturesRoot, loadFixture, ruleFixtures, type LoadedFixture } from './support/fixtures';

const staleHint = 'run `npm run generate` and commit the result';
const rulesSourceDir = path.resolve('server/src/analysis/rules');
// The compiled rule modules sit next to this test's compiled folder, wherever tsc put them.
const rulesCompiledDir = path.join(__dirname, '../../server/src/analysis/rules');

describe('generated files', () => {
  it(`${rulesDocPath} matches the catalogue`, () => {
    const current = fs.existsSync(rulesDocPath) ? fs.readFileSync(rulesDocPath, 'utf8') : '';
    assert.ok(current === renderRulesMarkdown(rules), `${rulesDocPath} is stale: ${staleHint}`);
  });

  it('package.json has one current helmHooks.rules.* setting per rule', () => {
    const manifest = JSON.parse(fs.readFileSync('package.json', 'utf8')) as Record<string, unknown>;
    const expected = JSON.parse(JSON.stringify(ruleSettingsSchema(rules))) as Record<string, unknown>;
    assert.deepEqual(ruleSettingsIn(manifest), expected, `the helmHooks.rules.* settings in package.json are stale: ${staleHint}`);
    assert.deepEqual(Object.keys(ruleSettingsIn(manifest)), Object.keys(expected), `setting order differs from the catalogue: ${staleHint}`);
  });
});

describe('config file schema', () => {
  it(`${configSchemaPath} matches the catalogue`, () => {
    const current = fs.existsSync(configSchemaPath) ? fs.readFileSync(configSchemaPath, 'utf8') : '';
    assert.ok(current === configSchemaText(rules), `${configSchemaPath} is stale: ${staleHint}`);
  });

  it('is contributed to YAML editors for .helm-hooks.yaml, and shipped in the package', () => {
    const manifest = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { contributes: { yamlValidation?: { fileMatch: string; url: string }[] } };
    assert.deepEqual(manifest.contributes.yamlValidation, [{ fileMatch: '.helm-hooks.yaml', url: `./${configSchemaPath}` }]);
    assert.match(fs.readFileSync('.vscodeignore', 'utf8'), new RegExp(`^!${configSchemaPath.replace(/\./g, '\\.')}$`, 'm'));
  });

  it('names exactly the keys the config reader accepts', () => {
    const schema = JSON.parse(configSchemaText(rules)) as { properties: Record<string, unknown> & { charts: { additionalProperties: { properties: Record<string, unknown> } } } };
    const everyKey = ['rules: {}', 'ignore: []', 'charts:', '  c:', ...Object.keys(schema.properties.charts.additionalProperties.properties).map((key) => `    ${key}: ${/^(releaseName|namespace)$/.test(key) ? 'x' : '[]'}`)].join('\n');
    assert.deepEqual(Object.keys(schema.properties).sort(), ['charts', 'ignore', 'rules']);
    assert.deepEqual(parseConfig(everyKey, 'c.yaml').problems, []);
  });
});

describe('rule catalogue', () => {
  it('has rules', () => assert.ok(rules.length > 0));

  it('ids are kebab-case and unique', () => {
    for (const rule of rules) assert.match(rule.id, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, `rule id '${rule.id}' is not kebab-case`);
    const duplicates = rules.map((rule) => rule.id).filter((id, index, ids) => ids.indexOf(id) !== index);
    assert.deepEqual(duplicates, [], 'duplicate rule ids');
  });

  const fixturesByRule = groupFixtures();

  for (const rule of rules) {
    describe(rule.id, () => {
      it(`is exported by rules/${rule.id}.ts`, () => {
        assert.ok(fs.existsSync(path.join(rulesSourceDir, `${rule.id}.ts`)), `server/src/analysis/rules/${rule.id}.ts is missing`);
        const exported = Object.values(require(path.join(rulesCompiledDir, rule.id)) as Record<string, unknown>);
        assert.ok(exported.includes(rule), `rules/${rule.id}.ts does not export the catalogue's '${rule.id}' rule`);
      });

      it('has text for docs and settings', () => {
        for (const field of ['summary', 'rationale'] as const) assert.ok(rule[field].trim().length > 0, `${field} is empty`);
        assert.ok(rule.example.bad.trim() && rule.example.good.trim(), 'example.bad and example.good must both be written');
        assert.ok(!/https?:\/\//.test(rule.summary), 'the summary is plain text');
        for (const text of [rule.summary, rule.rationale, rule.fixDescription ?? '']) assert.doesNotMatch(text, /§/, 'user-facing text links the shipped rule docs, not sections of the Helm spec');
      });

      const fixtures = fixturesByRule.get(rule.id) ?? [];
      it('has a fixture where it fires and one where it does not', () => {
        const where = `test/fixtures/rules/${rule.id}/`;
        assert.ok(fixtures.some((fixture) => expects(fixture, rule.id)), `${where} needs a fixture with a caret line for ${rule.id}`);
        assert.ok(fixtures.some((fixture) => !expects(fixture, rule.id)), `${where} needs a fixture where ${rule.id} must not fire (no caret line for it)`);
      });

      it('has a .fixed golden for each fixture its preferred fix changes', () => {
        let offersFixes = false;
        for (const fixture of fixtures) {
          const findings = analyzeChart(fixture.chart).findings.filter((finding) => finding.rule === rule.id);
          offersFixes ||= findings.some((finding) => finding.fixes.length > 0);
          const files = new Set(findings.flatMap((finding) => finding.fixes.find((fix) => fix.isPreferred)?.edits.map((edit) => edit.file) ?? []));
          for (const file of files) {
            assert.ok(fs.existsSync(fixture.fixedPath(file)), `${path.relative(process.cwd(), fixture.fixedPath(file))} is missing: run the rule fixture test with UPDATE_FIXTURES=1 to write it, then review it`);
          }
        }
        if (rule.fixDescription) assert.ok(offersFixes, `the docs promise a fix ("${rule.fixDescription}") but no fixture of ${rule.id} gets one`);
      });

      it('example.bad triggers it and example.good does not', () => {
        const bad = analyzeChart(exampleChart(rule.example.bad)).findings.filter((finding) => finding.rule === rule.id);
        const good = analyzeChart(exampleChart(rule.example.good)).findings.filter((finding) => finding.rule === rule.id);
        assert.ok(bad.length > 0, `example.bad does not trigger ${rule.id}:\n${exampleText(rule.example.bad)}`);
        assert.deepEqual(good.map((finding) => finding.message), [], `example.good triggers ${rule.id}:\n${exampleText(rule.example.good)}`);
      });
    });
  }
});

function groupFixtures(): Map<string, LoadedFixture[]> {
  const byRule = new Map<string, LoadedFixture[]>();
  for (const { rule, path: fixturePath } of ruleFixtures()) byRule.set(rule, [...(byRule.get(rule) ?? []), loadFixture(fixturePath)]);
  return byRule;
}

function expects(fixture: LoadedFixture, ruleId: string): boolean {
  return fixture.expected.some((item) => item.rule === ruleId);
}

// Keep the fixtures root referenced so a wrong working directory fails loudly here, not with empty loops.
assert.ok(fs.existsSync(fixturesRoot), `test/fixtures not found from ${process.cwd()}: run the tests from the repository root`);
