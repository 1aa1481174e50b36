import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provision } from '../../src/apply/index.js';
import { runCli } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { loadDefinitions } from '../../src/cli/load-definitions.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { JsonObject, ProjectDefinition } from '../../src/model/index.js';
import { formatReviewText } from '../../src/review/format-text.js';
import { reviewLive } from '../../src/review/live-review.js';
import type { Emulator } from '../emulator/emulator.js';
import { emulator, testClient, testEnv } from '../provision/helpers.js';

/** issue 7 "Done when": `--live` against the emulator right after provision shows no drift; a UI edit of one panel shows exactly that. */
describe.each(['classic', 'app-platform'] as const)('diff --live against the Grafana emulator (%s API)', (api) => {
  let emu: Emulator;
  let project: ProjectDefinition;

  beforeAll(async () => {
    emu = await emulator();
    project = (await loadDefinitions({ cwd: process.cwd(), config: await loadConfig({ cwd: process.cwd() }) })).project;
    const result = await provision({ project, client: testClient(emu), env: testEnv, api });
    expect(result.summary?.counts.failed ?? 0).toBe(0);
  });
  afterAll(async () => {
    await emu.close();
  });

  it('right after provision: no drift', async () => {
    const report = await reviewLive({ project, client: testClient(emu), env: testEnv, grafanaLabel: 'emulator', api });
    expect(report.objects.filter((o) => o.status !== 'unchanged').map((o) => [o.kind, o.key, o.changes.map((c) => c.summary)])).toEqual([]);
    expect(report.objects.map((o) => o.kind)).toContain('dashboard');
    expect(report.objects.map((o) => o.kind)).toContain('rule-group');
    expect(formatReviewText(report)).toContain('No changes');
  });

  it('runs without the contact point secrets (a pull-request job rarely has them): still no drift', async () => {
    const report = await reviewLive({ project, client: testClient(emu), env: {}, grafanaLabel: 'emulator', api });
    expect(report.objects.filter((o) => o.status !== 'unchanged').map((o) => [o.kind, o.key])).toEqual([]);
  });

  it('after a UI edit of one panel: exactly that panel\'s change, and the CLI exits 2 with --exit-code', async () => {
    const client = testClient(emu);
    const uid = String((project.dashboards ?? [])[0]!.dashboard.uid);
    const { dashboard, meta } = await client.get<{ dashboard: JsonObject; meta: JsonObject }>(`/api/dashboards/uid/${uid}`);
    const panel = (dashboard.panels as JsonObject[]).find((p) => p.type === 'timeseries')!;
    const target = (panel.targets as JsonObject[])[0]!;
    const before = String(target.expr);
    target.expr = `${before} * 2`;
    // As a UI save would: the same model, a new version, the folder kept.
    await client.post('/api/dashboards/db', { dashboard, folderUid: meta.folderUid, overwrite: true, message: 'UI edit' });

    const report = await reviewLive({ project, client, env: testEnv, api });
    const changed = report.objects.filter((o) => o.status !== 'unchanged');
    expect(changed.map((o) => o.key)).toEqual([uid]);
    expect(changed[0]!.changes.map((c) => [c.kind, c.panel?.title, c.ref, c.before, c.after])).toEqual([
      ['query-changed', panel.title, target.refId, `${before} * 2`, before],
    ]);

    const out: string[] = [];
    const io: CliIO = {
      stdout: (t) => void out.push(t), stderr: (t) => void out.push(t), cwd: process.cwd(), isTTY: false,
      env: { GRAFANA_URL: emu.url, GRAFANA_TOKEN: emu.adminToken, ...testEnv },
    };
    expect(await runCli(['diff', '--live', '--exit-code', '--api', api], io)).toBe(2);
    expect(out.join('')).toContain(`panel "${String(panel.title)}"`);
    expect(out.join('')).not.toContain(emu.adminToken);
  });

  it('the datasource URL changed in Grafana: diff --live --exit-code (the CI drift check) exits 2 naming it, as plan reports drift', async () => {
    const client = testClient(emu);
    const ds = (project.datasources ?? [])[0]!;
    const live = await client.get<JsonObject>(`/api/datasources/uid/${ds.uid}`);
    await client.put(`/api/datasources/uid/${ds.uid}`, { ...live, url: 'http://moved-prometheus:9090' });
    const planned = await provision({ project, client, env: testEnv, dryRun: true, api });
    const drift = planned.plan.changes.find((c) => c.kind === 'datasource')!;
    expect(drift.action).toBe('drift');
    const words = `url: "http://moved-prometheus:9090" -> ${JSON.stringify(ds.url)}`;
    expect(drift.reasons.map((r) => r.summary)).toEqual([words]);

    const out: string[] = [];
    const io: CliIO = {
      stdout: (t) => void out.push(t), stderr: (t) => void out.push(t), cwd: process.cwd(), isTTY: false,
      env: { GRAFANA_URL: emu.url, GRAFANA_TOKEN: emu.adminToken },
    };
    expect(await runCli(['diff', '--live', '--exit-code', '--api', api], io)).toBe(2);
    expect(out.join('')).toContain(words);
  });
});
