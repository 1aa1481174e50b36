import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { provision } from '../../src/apply/index.js';
import type { ProjectDefinition } from '../../src/model/index.js';
import { buildProject } from '../../dashboards/index.js';
import type { Emulator } from '../emulator/emulator.js';
import { emulator, testClient, testEnv, writeLines } from '../provision/helpers.js';
import { syntheticEnv, syntheticProject } from '../provision/synthetic-project.js';

/**
 * issue 12 "ownership that cannot be read is not ownership": the classic folder DTO has no description (where the
 * folder marker lives, grafana-http-api.md 4), so a folder is ours only on evidence: our title, and nothing in it we
 * do not own. Anything else is someone else's: drift, reported, untouched without --force, never pruned.
 */
describe('folders whose marker cannot be read: ours only on evidence', () => {
  let emu: Emulator;
  const project: ProjectDefinition = syntheticProject({ dashboards: 2, rules: 0 });
  beforeEach(async () => {
    emu = await emulator();
  });
  afterEach(async () => {
    await emu.close();
  });

  it('a foreign folder with our uid and another title is drift, left untouched without --force, taken over with it', async () => {
    await testClient(emu).post('/api/folders', { uid: 'synth', title: 'Payments team', description: 'theirs' });
    const run = await provision({ project, client: testClient(emu), env: syntheticEnv });
    const folder = run.plan.changes.find((c) => c.kind === 'folder' && c.key === 'synth')!;
    expect(folder.action).toBe('drift');
    expect(folder.note).toContain('titled "Payments team", not "Synthetic"');
    expect(folder.reasons.map((r) => r.summary)).toEqual(['title: "Payments team" -> "Synthetic"']);
    expect(writeLines(emu).filter((w) => w.startsWith('PUT /api/folders'))).toEqual([]);
    expect(emu.state.folders.get('synth')).toMatchObject({ title: 'Payments team', description: 'theirs' });

    const forced = await provision({ project, client: testClient(emu), env: syntheticEnv, force: true });
    expect(forced.plan.changes.find((c) => c.key === 'synth' && c.kind === 'folder')).toMatchObject({ action: 'update', forced: true });
    expect(emu.state.folders.get('synth')?.title).toBe('Synthetic');
  });

  it('a folder with our title that holds a dashboard someone else owns is not ours either', async () => {
    const client = testClient(emu);
    await client.post('/api/folders', { uid: 'synth', title: 'Synthetic' });
    await client.post('/api/folders', { uid: 'synth-nested', title: 'Another title', parentUid: 'synth' });
    await client.post('/api/dashboards/db', { dashboard: { uid: 'theirs', title: 'Their dashboard', panels: [] }, folderUid: 'synth', overwrite: false });
    const run = await provision({ project, client, env: syntheticEnv, dryRun: true });
    const nested = run.plan.changes.find((c) => c.kind === 'folder' && c.key === 'synth-nested')!;
    expect(nested.action).toBe('drift');
    // Our title, nothing to change: no write either way; the note says it is not known to be ours.
    const top = run.plan.changes.find((c) => c.kind === 'folder' && c.key === 'synth')!;
    expect(top.action).toBe('unchanged');
    expect(top.note).toBe('matches the definitions; not managed by k2-grafana');
  });

  it('never pruned: a folder no longer defined is neither kept nor deleted, since it is not known to be ours', async () => {
    await provision({ project, client: testClient(emu), env: syntheticEnv });
    const without = { ...project, folders: [], dashboards: [] };
    const run = await provision({ project: without, client: testClient(emu), env: syntheticEnv, prune: true });
    expect(run.plan.changes.filter((c) => c.kind === 'folder')).toEqual([]);
    expect(emu.state.folders.has('synth')).toBe(true);
  });

  it("K2's own folder, holding K2's dashboards and rules, is ours on the next run (no drift after upgrading)", async () => {
    const k2 = buildProject();
    const first = await provision({ project: k2, client: testClient(emu), env: testEnv });
    expect(first.summary?.counts.failed).toBe(0);
    emu.clearLog();
    const second = await provision({ project: k2, client: testClient(emu), env: testEnv });
    expect(second.plan.changes.filter((c) => c.kind === 'folder').map((c) => [c.action, c.note])).toEqual([['unchanged', undefined]]);
    expect(second.plan.pending).toBe(false);
    expect(writeLines(emu)).toEqual([]);
  });
});
