import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as catalog from '../../dashboards/catalog.js';
import { startDemoTarget, type DemoTarget } from '../../k2/index.js';
import { startEmulator, type Emulator } from '../emulator/emulator.js';

// Ctrl-C / SIGTERM during `k2-grafana demo` (issue #15 §2): the real CLI as a child process, signalled once it has
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
    const child = spawn(process.execPath, ['bin/k2-grafana.js', 'demo', '--quick', '--target-url', target.url, '--journal', join(temp, 'journal'), '--timeout', '60'], {
      cwd: root,
      // The demo's own Prometheus puts its k2-prometheus-* folder under TMPDIR: this run's, to check it is removed.
      env: { ...process.env, NO_COLOR: '1', TMPDIR: temp, GRAFANA_URL: emu.url, GRAFANA_TOKEN: emu.adminToken },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    let exitedEarly = false;
    void exited.then(() => (exitedEarly = true));
    try {
      await until('the demo to inject lag', 120_000, () => exitedEarly || (stdout.includes('2. Inject lag') && target.state().scenario.lagTarget !== undefined));
      expect(exitedEarly, `demo exited before degrading:\n${stdout}\n${stderr}`).toBe(false);
      expect(target.state().scenario.lagTarget).toBeGreaterThan(0);
      // The demo started its own Prometheus, so there is a temporary folder to remove.
      expect((await readdir(temp)).filter((name) => name.startsWith('k2-prometheus-'))).toHaveLength(1);
      child.kill(signal);
      const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 30_000))]);
      expect(code, stderr).toBe(exitCode);
      expect(stderr).toContain(`${signal} received: restoring before exit`);
      expect(stderr).toContain('recovery triggered');
      // The target is back: no lag scenario held any more.
      expect(target.state().scenario.lagTarget).toBeUndefined();
      // Its region is closed in Grafana (or its close journaled, said so).
      const regions = [...emu.state.annotations.values()].filter((a) => a.tags.some((t) => t.startsWith('scenario:lag')));
      const closedLine = stderr.match(/region (\S+) closed: (\w+)/);
      expect(closedLine, stderr).not.toBeNull();
      if (closedLine![2] === 'sent' || closedLine![2] === 'already-present') {
        const region = regions.find((a) => a.tags.includes(`event:${closedLine![1]}`));
        expect(region && region.timeEnd > region.time).toBe(true);
      } else expect(closedLine![2]).toBe('journaled');
      // The Prometheus it started and its temporary folder are gone.
      expect((await readdir(temp)).filter((name) => name.startsWith('k2-prometheus-'))).toEqual([]);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      // Leave the shared target normal for the next case whatever happened.
      target.applyScenario({ name: 'recover' });
    }
  }, 200_000);
});
