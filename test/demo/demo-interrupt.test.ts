import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as catalog from '../../dashboards/catalog.js';
import { startDemoTarget, type DemoTarget } from '../../k2/index.js';
import { startEmulator, type Emulator } from '../emulator/emulator.js';

// Ctrl-C / SIGTERM during `k2-grafana demo` and `simulate` (issue #15 §2): the real CLI as a child process, signalled once it has
// injected lag; then the target's state, the Grafana region and the temporary folder are checked.
const root = resolve(import.meta.dirname, '..', '..');
let target: DemoTarget;
let emu: Emulator;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'k2-demo-interrupt-'));
  target = await startDemoTarget({ config: catalog, profile: catalog.profiles.demo, port: 0 });
  emu = await startEmulator({ seed: 15 });
}, 60_000);
afterAll(async () => {
  await emu?.close();
  await target?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Spawns the real CLI; collects its output. */
function cli(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['bin/k2-grafana.js', ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', GRAFANA_URL: emu.url, GRAFANA_TOKEN: emu.adminToken, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '', exited: false };
  child.stdout.on('data', (c: Buffer) => (out.stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out.stderr += c.toString()));
  const exit = new Promise<number | null>((done) => child.once('exit', (code) => ((out.exited = true), done(code))));
  /** The exit code, or 'hung' after a bounded wait. */
  const exitCode = () => Promise.race([exit, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 30_000))]);
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  return { child, out, exitCode, kill };
}

/** The region the CLI says it closed is closed in the emulator (its end after its start), unless it says journaled. */
function regionClosed(stderr: string): void {
  const closedLine = stderr.match(/region (\S+) closed: ([\w-]+)/);
  expect(closedLine, stderr).not.toBeNull();
  const [, eventId, outcome] = closedLine!;
  if (outcome === 'journaled') return;
  expect(outcome).toBe('sent');
  const region = [...emu.state.annotations.values()].find((a) => a.tags.includes(`event:${eventId}`));
  expect(region && region.timeEnd > region.time).toBe(true);
}

/** Sends `signal`; the CLI exits `exitCode` saying what it restored, the target holds no lag, its region is closed. */
async function signalAndExpectRestored(run: ReturnType<typeof cli>, signal: NodeJS.Signals, exitCode: number, restored: string): Promise<void> {
  run.child.kill(signal);
  expect(await run.exitCode(), run.out.stderr).toBe(exitCode);
  expect(run.out.stderr).toContain(`${signal} received: restoring before exit`);
  expect(run.out.stderr).toContain(restored);
  expect(target.state().scenario.lagTarget).toBeUndefined();
  regionClosed(run.out.stderr);
}

/** Resolves when `check` is true, polling every 100 ms; fails after `timeoutMs` saying what it waited for. */
async function until(what: string, timeoutMs: number, check: () => boolean): Promise<void> {
  for (let waited = 0; !check(); waited += 100) {
    if (waited > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('demo interrupted by %s', (signal, exitCode) => {
  it(`restores the target, closes its region, removes its temporary folder and exits ${exitCode}`, async () => {
    const temp = await mkdtemp(join(dir, `tmp-${signal}-`));
    // The demo's own Prometheus puts its k2-prometheus-* folder under TMPDIR: this run's, to check it is removed.
    const run = cli(['demo', '--quick', '--target-url', target.url, '--journal', join(temp, 'journal'), '--timeout', '60'], { TMPDIR: temp });
    try {
      await until('the demo to inject lag', 120_000, () => run.out.exited || (run.out.stdout.includes('2. Inject lag') && target.state().scenario.lagTarget !== undefined));
      expect(run.out.exited, `demo exited before degrading:\n${run.out.stdout}\n${run.out.stderr}`).toBe(false);
      expect(target.state().scenario.lagTarget).toBeGreaterThan(0);
      // The demo started its own Prometheus, so there is a temporary folder to remove.
      expect((await readdir(temp)).filter((name) => name.startsWith('k2-prometheus-'))).toHaveLength(1);
      await signalAndExpectRestored(run, signal, exitCode, 'recovery triggered');
      // The Prometheus it started and its temporary folder are gone.
      expect((await readdir(temp)).filter((name) => name.startsWith('k2-prometheus-'))).toEqual([]);
    } finally {
      run.kill();
      // Leave the shared target normal for the next case whatever happened.
      target.applyScenario({ name: 'recover' });
    }
  }, 200_000);
});

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('simulate interrupted by %s', (signal, exitCode) => {
  // A Prometheus that answers but never shows the level, so `simulate lag` keeps polling until signalled.
  let prometheus: Server;
  let prometheusUrl: string;
  beforeAll(async () => {
    prometheus = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } }));
    });
    await new Promise<void>((r) => prometheus.listen(0, '127.0.0.1', r));
    prometheusUrl = `http://127.0.0.1:${(prometheus.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => prometheus.close(() => r())));

  it(`lifts the lag it applied, closes its region and exits ${exitCode}`, async () => {
    const run = cli(['simulate', '--scenario', 'lag', '--target', target.url, '--prometheus', prometheusUrl, '--wait', '120', '--journal', join(dir, `sim-${signal}.journal`)], {});
    try {
      await until('simulate to apply lag', 120_000, () => run.out.exited || target.state().scenario.lagTarget !== undefined);
      expect(run.out.exited, run.out.stderr).toBe(false);
      // Its region is opened once the step is applied; signal after that, while it polls Prometheus.
      await until('the region to be opened', 30_000, () => [...emu.state.annotations.values()].some((a) => a.tags.includes('scenario:lag') && a.timeEnd === a.time));
      await signalAndExpectRestored(run, signal, exitCode, 'recovery applied (lag scenario stopped)');
    } finally {
      run.kill();
      target.applyScenario({ name: 'recover' });
    }
  }, 200_000);
});
