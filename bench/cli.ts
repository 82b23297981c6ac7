/**
 * The whole corpus through the CLI (`dist/cli.js check`): wall time and peak resident memory of
 * the child process, from /usr/bin/time -v when present, else from the child's own
 * process.resourceUsage() written at exit by a preloaded module.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { now } from './stats';

export interface CliRun {
  readonly wallMs: number;
  readonly peakRssBytes: number;
  /** User plus system CPU time of the child. */
  readonly cpuMs: number;
  readonly exitCode: number | null;
  readonly summary: string;
}

export function runCli(cliJs: string, target: string): CliRun {
  const gnuTime = '/usr/bin/time';
  if (fs.existsSync(gnuTime)) {
    const started = now();
    const child = spawnSync(gnuTime, ['-v', process.execPath, cliJs, 'check', target], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const wallMs = now() - started;
    const kb = /Maximum resident set size \(kbytes\):\s*(\d+)/.exec(child.stderr)?.[1];
    const seconds = (name: string): number => Number(new RegExp(`${name} time \\(seconds\\):\\s*([\\d.]+)`).exec(child.stderr)?.[1] ?? NaN);
    return { wallMs, peakRssBytes: Number(kb ?? NaN) * 1024, cpuMs: (seconds('User') + seconds('System')) * 1000, exitCode: child.status, summary: lastLine(child.stdout) };
  }
  const report = path.join(os.tmpdir(), `helm-hooks-bench-rss-${process.pid}.txt`);
  const preload = path.join(os.tmpdir(), `helm-hooks-bench-preload-${process.pid}.js`);
  fs.writeFileSync(preload, `process.on('exit', () => { const usage = process.resourceUsage(); require('fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify(usage)); });\n`);
  try {
    const started = now();
    const child = spawnSync(process.execPath, ['--require', preload, cliJs, 'check', target], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const wallMs = now() - started;
    const usage = fs.existsSync(report) ? (JSON.parse(fs.readFileSync(report, 'utf8')) as { maxRSS: number; userCPUTime: number; systemCPUTime: number }) : undefined;
    return { wallMs, peakRssBytes: (usage?.maxRSS ?? NaN) * 1024, cpuMs: usage ? (usage.userCPUTime + usage.systemCPUTime) / 1000 : NaN, exitCode: child.status, summary: lastLine(child.stdout) };
  } finally {
    fs.rmSync(preload, { force: true });
    fs.rmSync(report, { force: true });
  }
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1] ?? '';
}

export interface ProcessRun {
  readonly wallMs: number;
  /** User plus system CPU time of the whole child process (every thread), to the millisecond; NaN without bash. */
  readonly cpuMs: number;
  readonly exitCode: number | null;
  readonly stdout: string;
}

/**
 * Runs `command args` to its end: wall time, and the child's CPU time. The CPU time is what
 * bash's `times` reports for its children after the command (getrusage, printed to the
 * millisecond; /usr/bin/time prints only hundredths, too coarse next to Helm's 60 ms).
 */
export function timeProcess(command: string, args: readonly string[]): ProcessRun {
  const script = '"$@"; status=$?; times >&2; exit $status';
  const started = now();
  const child = spawnSync('bash', ['-c', script, 'bash', command, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wallMs = now() - started;
  // The last line of `times` is the children's user and system time: `0m0.061s 0m0.012s`.
  const last = /(\d+)m([\d.]+)s (\d+)m([\d.]+)s\s*$/.exec(child.stderr ?? '');
  const cpuMs = last ? (Number(last[1]) * 60 + Number(last[2]) + Number(last[3]) * 60 + Number(last[4])) * 1000 : NaN;
  return { wallMs, cpuMs, exitCode: child.status, stdout: child.stdout ?? '' };
}
