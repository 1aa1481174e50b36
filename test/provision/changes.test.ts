import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { provision } from '../../src/apply/index.js';
import type { JsonObject, ProjectDefinition } from '../../src/model/index.js';
import type { Emulator } from '../emulator/emulator.js';
import { emulator, testClient, transportMatrix, writeLines, writesOf } from './helpers.js';
import { syntheticEnv, syntheticProject } from './synthetic-project.js';

/** issue 4 "Done when" 1: one panel changed, UI edits, --force, --prune; issue 16: on both transports, 12.3 and 13.1. */
describe.each(transportMatrix)('provision: changes, drift and prune (Grafana %s, %s API)', (version, api) => {
  let emu: Emulator;
  const base = syntheticProject({ dashboards: 4, rules: 12 });
  const run = (project: ProjectDefinition, options: { force?: boolean; prune?: boolean } = {}) =>
    provision({ project, client: testClient(emu), env: syntheticEnv, api, ...options });
  const writes = writesOf(version, api);

  beforeAll(async () => {
    emu = await emulator({ version });
  });
  afterAll(async () => {
    await emu.close();
  });
  beforeEach(async () => {
    // Every test starts from the base project pushed and converged.
    await run(base, { force: true, prune: true });
    emu.clearLog();
  });

  it('changing one panel makes exactly one dashboard write and bumps only its version', async () => {
    const versions = new Map([...emu.state.dashboards.values()].map((d) => [d.uid, d.version]));
    const changed = structuredClone(base) as { -readonly [K in keyof ProjectDefinition]: ProjectDefinition[K] };
    const panels = ((changed.dashboards ?? [])[2].dashboard as JsonObject).panels as JsonObject[];
    (panels[1].targets as JsonObject[])[0].expr = 'sum(rate(synthetic_changed_total[5m]))';
    const result = await run(changed);
    expect(writeLines(emu)).toEqual([writes.dashboardUpdate('synth-0002')]);
    const update = result.plan.changes.find((c) => c.action === 'update')!;
    expect(update.key).toBe('synth-0002');
    expect(JSON.stringify(update.reasons)).toContain('synthetic_changed_total');
    for (const d of emu.state.dashboards.values()) expect(d.version).toBe(versions.get(d.uid)! + (d.uid === 'synth-0002' ? 1 : 0));
  });

  it('a dashboard edited through the API as a UI user would is drift: kept without --force, overwritten with it', async () => {
    const client = testClient(emu);
    const { dashboard } = await client.get<{ dashboard: JsonObject }>('/api/dashboards/uid/synth-0001');
    (dashboard.panels as JsonObject[])[0].title = 'Renamed in the UI';
    await client.post('/api/dashboards/db', { dashboard, folderUid: 'synth-nested', overwrite: false, message: 'UI edit' });
    emu.clearLog();

    const kept = await run(base);
    expect(writeLines(emu)).toEqual([]);
    const drift = kept.plan.changes.find((c) => c.key === 'synth-0001')!;
    expect(drift.action).toBe('drift');
    expect(drift.note).toMatch(/edited in Grafana since the last push; --force overwrites/);
    expect(drift.reasons.map((r) => r.summary).join('\n')).toContain('Renamed in the UI');
    expect(kept.summary?.counts.drift).toBe(1);
    expect((emu.state.dashboards.get('synth-0001')!.json.panels as JsonObject[])[0].title).toBe('Renamed in the UI');

    const forced = await run(base, { force: true });
    expect(writeLines(emu)).toEqual([writes.dashboardUpdate('synth-0001')]);
    expect(forced.summary?.counts.updated).toBe(1);
    expect((emu.state.dashboards.get('synth-0001')!.json.panels as JsonObject[])[0].title).toBe('Panel 1 of dashboard 1');
    emu.clearLog();
    expect((await run(base)).plan.pending).toBe(false);
    expect(writeLines(emu)).toEqual([]);
  });

  it('a save from the real UI, which drops unknown fields, is drift as well', async () => {
    const record = emu.state.dashboards.get('synth-0003')!;
    const { k2Grafana: _dropped, ...rest } = record.json as JsonObject & { k2Grafana?: unknown };
    const client = testClient(emu);
    await client.post('/api/dashboards/db', { dashboard: { ...rest, refresh: '1m' }, folderUid: 'synth-nested', overwrite: true });
    emu.clearLog();
    const result = await run(base);
    expect(result.plan.changes.find((c) => c.key === 'synth-0003')?.action).toBe('drift');
    expect(writeLines(emu)).toEqual([]);
  });

  it('--prune deletes the definition removed, and nothing it does not own', async () => {
    const client = testClient(emu);
    // Someone else's dashboard in our folder, and one at the root.
    await client.post('/api/dashboards/db', { dashboard: { uid: 'theirs', title: 'Not ours', panels: [] }, folderUid: 'synth' });
    await client.post('/api/dashboards/db', { dashboard: { uid: 'theirs-root', title: 'Not ours either', panels: [] }, folderUid: '' });
    const smaller = { ...base, dashboards: (base.dashboards ?? []).filter((d) => d.dashboard.uid !== 'synth-0000'), ruleGroups: (base.ruleGroups ?? []).slice(1) };
    emu.clearLog();

    const withoutPrune = await run(smaller);
    expect(writeLines(emu)).toEqual([]);
    expect(withoutPrune.plan.changes.filter((c) => c.action === 'kept').map((c) => c.key).sort()).toEqual(['synth-0000', 'synth/synthetic-0']);

    const pruned = await run(smaller, { prune: true });
    expect(writeLines(emu).sort()).toEqual([writes.dashboardDelete('synth-0000'), 'DELETE /api/v1/provisioning/folder/synth/rule-groups/synthetic-0'].sort());
    expect(pruned.summary?.counts.deleted).toBe(2);
    expect(emu.state.dashboards.has('theirs')).toBe(true);
    expect(emu.state.dashboards.has('theirs-root')).toBe(true);
    expect(emu.state.dashboards.has('synth-0000')).toBe(false);
    expect(emu.state.folders.has('synth')).toBe(true);
  });
});
