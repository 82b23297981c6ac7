/**
 * Charts the server tests share: a Chart.yaml, a hook Job in the shape most tests start
 * from, and servers with their charts, for one test or for a whole suite (started before the
 * suite's tests, shut down and removed after them).
 */
import { after, before } from 'node:test';
import { TestClient, writeChart, type ClientOptions } from './lspClient';

export function chartYaml(name: string): string {
  return `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`;
}

export interface HookJobOptions {
  readonly name: string;
  /** The `helm.sh/hook` value as written. */
  readonly events: string;
  readonly weight?: string;
  /** Lines of the Job's own spec, before its pod template (two-space indented). */
  readonly jobSpec?: string;
  /** Lines added to the container (ten-space indented). */
  readonly container?: string;
}

/** A hook Job with a weight, the default-safe delete policy and a pod that never restarts. */
export function hookJob(options: HookJobOptions): string {
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: ${options.name}
  annotations:
    "helm.sh/hook": ${options.events}
    "helm.sh/hook-weight": "${options.weight ?? '1'}"
    "helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded
spec:
${options.jobSpec ?? ''}  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: busybox
${options.container ?? ''}`;
}

/** Runs `body` against a fresh server and a chart written from `files`; shuts both down after it, however it ends. */
export async function withServer(files: Record<string, string>, options: ClientOptions, body: (client: TestClient, chart: ReturnType<typeof writeChart>) => Promise<void>): Promise<void> {
  const chart = writeChart(files);
  const client = await TestClient.start(options);
  try {
    await body(client, chart);
    await client.shutdown();
  } finally {
    client.kill();
    chart.remove();
  }
}

/**
 * Writes `files` as a chart for the enclosing suite and starts one server for its tests;
 * `started` receives the client before the first test runs. Returns the chart.
 */
export function serveChart(files: Record<string, string>, started: (client: TestClient) => void, options: ClientOptions = { settings: {} }): ReturnType<typeof writeChart> {
  const chart = writeChart(files);
  let client: TestClient | undefined;
  before(async () => {
    client = await TestClient.start(options);
    started(client);
  });
  after(async () => {
    try {
      if (client) await client.shutdown();
    } finally {
      client?.kill();
      chart.remove();
    }
  });
  return chart;
}
