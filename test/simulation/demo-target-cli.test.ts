import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import * as catalog from '../../dashboards/catalog.js';

const root = new URL('../..', import.meta.url).pathname;

describe('k2-grafana demo-target (child process)', () => {
  it('serves /metrics on the port it logs, and shuts down cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'demo-target', '--port', '0', '--profile', 'k2'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 60_000;
      let port: number | undefined;
      while (port === undefined && Date.now() < deadline) {
        const started = stdout.split('\n').find((l) => l.includes('"demo_target_started"'));
        if (started) port = JSON.parse(started).port;
        else await new Promise((r) => setTimeout(r, 100));
      }
      expect(port, stderr).toBeGreaterThan(0);
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toContain(`${catalog.metrics.degradationLevel.name}{`);
      expect(stderr).toContain(`cooldown ${catalog.profiles.k2.cooldownSeconds}s`);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stderr).toContain('stopped on SIGTERM');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 90_000);
});
