/**
 * The context objects reach templates through the engine as Helm's named types: methods of a
 * named map or slice (`.Files.Get`, `.Capabilities.APIVersions.Has`) are found before keys, and
 * `typeOf` names the Go type. Expected text is what Helm 4.1.4 printed for this chart.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChartInput } from '../../server/src/analysis';
import { buildRenderContexts } from '../../server/src/analysis/render/context';
import { renderTemplates } from '../../server/src/analysis/render/engine';
import { functionLibrary } from '../../server/src/analysis/render/functions/index';

const template = [
  'x: {{ .Capabilities.APIVersions.Has "v1" }} {{ .Capabilities.APIVersions.Has "nope/v9" }}',
  'y: {{ .Files.Get "a.txt" | trim }}',
  'z: {{ .Capabilities.KubeVersion }} {{ typeOf .Files }} {{ typeOf .Values }}',
  'w: {{ .Files.Glob "*.txt" | len }}',
  '',
].join('\n');

// `helm template c` of this chart with Helm 4.1.4, the document after its `# Source:` line.
const helmPrinted = 'x: true false\ny: hello\nz: v1.35.0 engine.files common.Values\nw: 1\n';

describe('context objects through the engine', () => {
  it('calls methods of named maps and slices and names their types as Helm does', () => {
    const input: ChartInput = {
      name: 'c',
      chartYaml: { path: 'Chart.yaml', text: 'apiVersion: v2\nname: c\nversion: 0.1.0\n' },
      templates: [{ path: 'templates/t.yaml', text: template }],
      files: [{ path: 'a.txt', text: 'hello\n' }],
    };
    const contexts = buildRenderContexts(input);
    assert.equal(contexts.error, undefined);
    const result = renderTemplates(contexts.templates, functionLibrary);
    const rendered = result.templates.find((t) => t.name === 'c/templates/t.yaml');
    assert.ok(rendered, 'c/templates/t.yaml was not rendered');
    assert.equal(rendered.error, undefined);
    assert.equal(rendered.output, helmPrinted);
  });
});
