/**
 * The server reads the chart's own files only: a template that is a symbolic link out of the
 * chart is not read (its resources do not reach the rules) and is logged once, with its
 * target, however often the chart is re-read.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, it } from 'node:test';
import { chartYaml, hookJob, withServer } from './support/charts';

const hook = hookJob({ name: 'migrate', events: 'pre-install' });
/** A release Job with the hook's name: read with the chart, it collides with the hook. */
const releaseJob = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: main\n          image: busybox\n';
const collision = 'hook-name-collides-with-resource';

describe('server: the chart\'s own files only', () => {
  it('a regular file of the chart is read (the control case)', async () => {
    await withServer({ 'Chart.yaml': chartYaml('own'), 'templates/job.yaml': hook, 'templates/release.yaml': releaseJob }, { settings: {} }, async (client, chart) => {
      const uri = chart.uri('templates/job.yaml');
      const published = client.nextDiagnostics(uri, (diagnostics) => diagnostics.some((diagnostic) => diagnostic.code === collision));
      await client.open(uri, hook);
      assert.ok((await published).some((diagnostic) => diagnostic.code === collision));
    });
  });

  it('a symbolic link out of the chart is not read, and is logged once with its target', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-outside-'));
    const target = path.join(outside, 'release.yaml');
    fs.writeFileSync(target, releaseJob);
    try {
      await withServer({ 'Chart.yaml': chartYaml('linked'), 'templates/job.yaml': hook }, { settings: {} }, async (client, chart) => {
        fs.symlinkSync(target, path.join(chart.root, 'templates/release.yaml'));
        const uri = chart.uri('templates/job.yaml');
        for (let round = 0; round < 2; round++) {
          // A change on disk makes the server read the chart again.
          if (round > 0) await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: chart.uri('templates/other.yaml'), type: 1 }] });
          const published = client.nextDiagnostics(uri);
          if (round === 0) await client.open(uri, hook);
          else await client.replace(uri, 'image: busybox', 'image: busybox:1');
          assert.ok(!(await published).some((diagnostic) => diagnostic.code === collision), 'the linked file was not read');
        }
        const skipped = client.logs.filter((line) => line.includes(`release.yaml: skipped: a symbolic link to ${fs.realpathSync(target)}, outside the chart`));
        assert.equal(skipped.length, 1, client.logs.join('\n'));
      });
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});
