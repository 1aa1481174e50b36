import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import type { Emulator } from '../emulator/emulator.js';
import { emulator, testEnv } from './helpers.js';

/** The CLI over the K2 definitions, generated into a temp provisioning/ dir: exit codes 0/1/2/3/4 of issue 4 item 7. */
describe('k2-grafana plan / provision (CLI)', () => {
  let emu: Emulator;
  let out: string;

  beforeAll(async () => {
    emu = await emulator({ tokens: { glsa_admin: { role: 'Admin' }, glsa_viewer: { role: 'Viewer' } } });
    out = await mkdtemp(join(tmpdir(), 'k2-provision-cli-'));
    const gen = await cli(['generate', '--out', out], {});
    expect(gen.code, gen.stderr).toBe(0);
  });
  afterAll(async () => {
    await emu.close();
    await rm(out, { recursive: true, force: true });
  });

  async function cli(argv: string[], env: Record<string, string>, options: { isTTY?: boolean } = {}) {
    let stdout = '';
    let stderr = '';
    const io: CliIO = {
      stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t),
      env: { ...testEnv, ...env }, cwd: process.cwd(), isTTY: options.isTTY ?? false,
    };
    const code = await runCli(argv, io);
    return { code, stdout, stderr };
  }
  const grafana = (token = 'glsa_admin', url?: string) => ({ GRAFANA_URL: url ?? emu.url, GRAFANA_TOKEN: token });

  it('usage errors exit 64 before anything else', async () => {
    expect((await cli(['plan', '--out', out, '--concurrency', '0'], grafana())).code).toBe(64);
    expect((await cli(['provision', '--out', out, '--no-such-flag'], grafana())).code).toBe(64);
  });

  it('bad token: exit 3, Grafana\'s message and what to check, no write', async () => {
    emu.clearLog();
    const r = await cli(['provision', '--out', out], grafana('glsa_wrong'));
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/401: Invalid API key/);
    expect(r.stderr).toMatch(/hint: GRAFANA_TOKEN is not a valid token/);
    expect(emu.writes()).toEqual([]);
  });

  it('missing permission (a Viewer token): exit 3 naming the permission, no write', async () => {
    emu.clearLog();
    const r = await cli(['provision', '--out', out], grafana('glsa_viewer'));
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/403: .*Permissions needed: [a-z.]+:read/);
    expect(r.stderr).toMatch(/nothing was written/);
    expect(emu.writes()).toEqual([]);
  });

  it('unreachable Grafana: exit 3 with what to check', async () => {
    const closed = await emulator();
    const url = closed.url;
    await closed.close();
    const r = await cli(['plan', '--out', out], grafana('glsa_admin', url));
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/Grafana unreachable \(ECONNREFUSED/);
    expect(r.stderr).toMatch(/hint: Check that Grafana is running/);
  }, 60_000);

  it('stale provisioning/: exit 1 and "run npm run generate", before contacting Grafana', async () => {
    const file = join(out, 'datasources', 'prometheus.yaml');
    const original = await readFile(file, 'utf8');
    await writeFile(file, `${original}# edited by hand\n`);
    emu.clearLog();
    try {
      const r = await cli(['provision', '--out', out], grafana());
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/stale.*datasources\/prometheus\.yaml/);
      expect(r.stderr).toMatch(/npm run generate/);
      expect(emu.requests).toEqual([]);
    } finally {
      await writeFile(file, original);
    }
  });

  it('plan --exit-code: 2 while changes are pending, JSON is the plan; provision applies; then 0', async () => {
    const plan = await cli(['plan', '--out', out, '--exit-code', '--output', 'json'], grafana());
    expect(plan.code).toBe(2);
    const json = JSON.parse(plan.stdout) as { plan: { pending: boolean; changes: { action: string; kind: string }[] } };
    expect(json.plan.pending).toBe(true);
    expect(json.plan.changes.every((c) => c.action === 'create')).toBe(true);
    expect(emu.writes()).toEqual([]);

    const applied = await cli(['provision', '--out', out], { ...grafana(), NO_COLOR: '1' }, { isTTY: true });
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/^created +dashboard "K2 Degradation"/m);
    expect(applied.stdout).toMatch(/created +updated +unchanged +deleted +drift +kept +failed +elapsed/);

    const again = await cli(['provision', '--dry-run', '--exit-code', '--out', out], grafana());
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/No changes/);
  });

  it('no output, plan or error ever shows the contact point secret', async () => {
    const changedSecret = { K2_ALERT_WEBHOOK_URL: 'https://hooks.example.test/k2/r0tated-s3cret' };
    const plan = await cli(['plan', '--out', out, '--output', 'json', '--verbose'], { ...grafana(), ...changedSecret });
    expect(JSON.stringify(JSON.parse(plan.stdout).plan.changes.find((c: { kind: string }) => c.kind === 'contact-point'))).toMatch(/secret settings changed \(values not shown\)/);
    emu.clearLog();
    const pushed = await cli(['provision', '--out', out, '--verbose'], { ...grafana(), ...changedSecret });
    expect(pushed.code).toBe(0);
    expect(emu.writes().map((w) => `${w.method} ${w.path}`)).toEqual(['PUT /api/v1/provisioning/contact-points/k2-webhook']);
    for (const text of [plan.stdout, plan.stderr, pushed.stdout, pushed.stderr]) {
      expect(text).not.toContain('r0tated-s3cret');
      expect(text).not.toContain(testEnv.K2_ALERT_WEBHOOK_URL);
    }
    const restored = await cli(['provision', '--out', out], grafana());
    expect(restored.code).toBe(0);
  });

  it('without the secret: plan still runs (secret not compared); provision refuses, naming the variable', async () => {
    const noSecret = { ...grafana(), K2_ALERT_WEBHOOK_URL: '' };
    const plan = await cli(['plan', '--out', out, '--output', 'json'], noSecret);
    expect(plan.code, plan.stderr).toBe(0);
    const cp = JSON.parse(plan.stdout).plan.changes.find((c: { kind: string }) => c.kind === 'contact-point');
    expect(cp).toMatchObject({ action: 'unchanged', note: 'secret settings not compared: $K2_ALERT_WEBHOOK_URL not set' });
    emu.clearLog();
    const push = await cli(['provision', '--out', out], noSecret);
    expect(push.code).toBe(1);
    expect(push.stderr).toMatch(/contact point "K2 webhook": setting "url" refers to \$K2_ALERT_WEBHOOK_URL, which is not set/);
    expect(emu.requests).toEqual([]);
  });

  it('a write failing mid-run: exit 4 naming what was and was not applied; the next run converges', async () => {
    const changed = await cli(['provision', '--out', out, '--editable-rules'], grafana());
    expect(changed.code).toBe(0);
    // The next run moves the rules back to provenance api; its group PUT is reset until the client gives up.
    emu.queueFaults(...Array.from({ length: 6 }, () => ({ kind: 'reset' as const, method: 'PUT', path: '/api/v1/provisioning/folder/' })));
    const partial = await cli(['provision', '--out', out, '--force'], { ...grafana(), K2_ALERT_WEBHOOK_URL: 'https://hooks.example.test/k2/another' });
    expect(partial.code, partial.stdout + partial.stderr).toBe(4);
    expect(partial.stdout).toMatch(/Applied \(1\):\n  updated contact-point "K2 webhook"/);
    expect(partial.stdout).toMatch(/Not applied \(1\):\n  update rule-group "k2-degradation" \(k2\/k2-degradation\): .*ECONNRESET/);
    expect(partial.stderr).toMatch(/1 object\(s\) not applied, 1 applied/);
    const next = await cli(['provision', '--out', out], grafana());
    expect(next.code).toBe(0);
    const clean = await cli(['plan', '--out', out, '--exit-code'], grafana());
    expect(clean.code, clean.stdout).toBe(0);
  });

  it('server stopped mid-run: exit 4 naming what was applied and what was not; the next run converges', async () => {
    const own = await emulator({ tokens: { glsa_admin: { role: 'Admin' } } });
    try {
      own.setFaults({ latencyMs: 150 });
      const running = cli(['provision', '--out', out], grafana('glsa_admin', own.url));
      // Stop Grafana as soon as the first write has been answered.
      const deadline = Date.now() + 20_000;
      while (!own.writes().some((w) => w.status >= 200 && w.status < 300) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      await own.stop();
      const partial = await running;
      expect(partial.code, partial.stdout + partial.stderr).toBe(4);
      expect(partial.stdout).toMatch(/Applied \([1-9]\d*\):/);
      expect(partial.stdout).toMatch(/Not applied \([1-9]\d*\):\n {2}create /);
      expect(partial.stdout).toMatch(/Stopped early: .*Grafana unreachable/);
      expect(partial.stderr).toMatch(/object\(s\) not applied, [1-9]\d* applied/);
      own.clearFaults();
      await own.start();
      const next = await cli(['provision', '--out', out], grafana('glsa_admin', own.url));
      expect(next.code, next.stdout + next.stderr).toBe(0);
      const clean = await cli(['plan', '--out', out, '--exit-code'], grafana('glsa_admin', own.url));
      expect(clean.code, clean.stdout).toBe(0);
    } finally {
      await own.close();
    }
  }, 60_000);
});
