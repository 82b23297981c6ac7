/**
 * The text Helm reads for an unquoted YAML number or bool in an annotation: go-yaml v2 types
 * it (YAML 1.1), and sigs.k8s.io/yaml formats it back into a string for `map[string]string`.
 */
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { analyzeChart, getExecutionPlan, isPhaseStep } from '../../server/src/analysis';
import { formatGoFloat32, goYamlPlainText, goYamlPlainType } from '../../server/src/analysis/yaml/goYaml';

describe('go-yaml v2 plain scalars as Helm reads them', () => {
  it('ints in any base come back in decimal, exactly', () => {
    const cases: [string, string][] = [['5', '5'], ['+7', '7'], ['-0', '0'], ['010', '8'], ['0x10', '16'], ['-0x10', '-16'], ['0o17', '15'], ['0b101', '5'], ['1_000', '1000'], ['9007199254740993', '9007199254740993'], ['-9223372036854775808', '-9223372036854775808'], ['18446744073709551615', '18446744073709551615']];
    for (const [text, expected] of cases) assert.equal(goYamlPlainText(text), expected, text);
  });

  it('floats are formatted as strconv.FormatFloat(f, \'g\', -1, 32)', () => {
    const cases: [string, string][] = [['1.0', '1'], ['1.5', '1.5'], ['1e3', '1000'], ['1e6', '1e+06'], ['123456.0', '123456'], ['0.1', '0.1'], ['0.0001', '0.0001'], ['1e-5', '1e-05'], ['3.14159265358979', '3.1415927'], ['16777217.0', '1.6777216e+07'], ['-2.5', '-2.5'], ['.5', '0.5'], ['1e39', '+Inf'], ['.inf', '+Inf'], ['-.Inf', '-Inf'], ['.nan', 'NaN'], ['-0.0', '-0'], ['18446744073709551616', '1.8446744e+19']];
    for (const [text, expected] of cases) assert.equal(goYamlPlainText(text), expected, text);
    assert.equal(formatGoFloat32(1e21), '1e+21');
  });

  it('bools become "true"/"false"; strings, nulls, base-60 numbers and dates are not re-formatted', () => {
    assert.equal(goYamlPlainText('yes'), 'true');
    assert.equal(goYamlPlainText('Off'), 'false');
    for (const text of ['pre-install', '1:30', '2024-01-01', '1e400', '~', '', '08x']) assert.equal(goYamlPlainText(text), undefined, text);
    assert.equal(goYamlPlainType('1:30'), 'string');
    assert.equal(goYamlPlainType('9223372036854775808'), 'int'); // ParseUint takes it.
    assert.equal(goYamlPlainType('-9223372036854775809'), 'float');
  });

  it('the model and the plan use the weight Helm gets, and keep the spelling as the source', () => {
    const text = ['kind: ConfigMap', 'metadata:', '  name: octal', '  annotations:', '    "helm.sh/hook": pre-install', '    "helm.sh/hook-weight": 010', ''].join('\n');
    const chart = { name: 'c', templates: [{ path: 'templates/a.yaml', text }] };
    const phase = getExecutionPlan(chart).lifecycles.install.find(isPhaseStep)!;
    assert.equal(phase.hooks[0].weight, 8);
    const finding = analyzeChart(chart).findings.find((candidate) => candidate.rule === 'non-string-annotation');
    assert.ok(finding?.message.includes('Unquoted 010 is a number'), finding?.message);
  });
});
