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
 * do not own. Anything else is someone else's: drift, reported, untouched without --force, never pruned. (The
 * classic API, pinned: 12.3 also serves folder.grafana.app, which returns the description; below.)
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
    const run = await provision({ project, client: testClient(emu), env: syntheticEnv, api: 'classic' });
    const folder = run.plan.changes.find((c) => c.kind === 'folder' && c.key === 'synth')!;
    expect(folder.action).toBe('drift');
    expect(folder.note).toContain('titled "Payments team", not "Synthetic"');
    expect(folder.reasons.map((r) => r.summary)).toEqual(['title: "Payments team" -> "Synthetic"']);
    expect(writeLines(emu).filter((w) => w.startsWith('PUT /api/folders'))).toEqual([]);
    expect(emu.state.folders.get('synth')).toMatchObject({ title: 'Payments team', description: 'theirs' });

    const forced = await provision({ project, client: testClient(emu), env: syntheticEnv, api: 'classic', force: true });
    expect(forced.plan.changes.find((c) => c.key === 'synth' && c.kind === 'folder')).toMatchObject({ action: 'update', forced: true });
    expect(emu.state.folders.get('synth')?.title).toBe('Synthetic');
  });

  it('a folder with our title that holds a dashboard someone else owns is not ours either', async () => {
    const client = testClient(emu);
    await client.post('/api/folders', { uid: 'synth', title: 'Synthetic' });
    await client.post('/api/folders', { uid: 'synth-nested', title: 'Another title', parentUid: 'synth' });
    await client.post('/api/dashboards/db', { dashboard: { uid: 'theirs', title: 'Their dashboard', panels: [] }, folderUid: 'synth', overwrite: false });
    const run = await provision({ project, client, env: syntheticEnv, api: 'classic', dryRun: true });
    const nested = run.plan.changes.find((c) => c.kind === 'folder' && c.key === 'synth-nested')!;
    expect(nested.action).toBe('drift');
    // Our title, nothing to change: no write either way; the note says it is not known to be ours.
    const top = run.plan.changes.find((c) => c.kind === 'folder' && c.key === 'synth')!;
    expect(top.action).toBe('unchanged');
    expect(top.note).toBe('matches the definitions; not managed by k2-grafana');
  });

  it('never pruned: a folder no longer defined is neither kept nor deleted, since it is not known to be ours', async () => {
    await provision({ project, client: testClient(emu), env: syntheticEnv, api: 'classic' });
    const without = { ...project, folders: [], dashboards: [] };
    const run = await provision({ project: without, client: testClient(emu), env: syntheticEnv, api: 'classic', prune: true });
    expect(run.plan.changes.filter((c) => c.kind === 'folder')).toEqual([]);
    expect(emu.state.folders.has('synth')).toBe(true);
  });

  it("K2's own folder, holding K2's dashboards and rules, is ours on the next run (no drift after upgrading)", async () => {
    const k2 = buildProject();
    const first = await provision({ project: k2, client: testClient(emu), env: testEnv, api: 'classic' });
    expect(first.summary?.counts.failed).toBe(0);
    emu.clearLog();
    const second = await provision({ project: k2, client: testClient(emu), env: testEnv, api: 'classic' });
    expect(second.plan.changes.filter((c) => c.kind === 'folder').map((c) => [c.action, c.note])).toEqual([['unchanged', undefined]]);
    expect(second.plan.pending).toBe(false);
    expect(writeLines(emu)).toEqual([]);
  });
});

/**
 * issue 16 item 2: through folder.grafana.app the description (and our manager annotations) come back, so ownership
 * is read, not guessed: a foreign folder with our uid is someone else's whatever its title, and an owned folder no
 * longer defined and holding nothing foreign is pruned.
 */
describe.each(['12.3', '13.1'] as const)('folders through the app-platform API: ownership read back (Grafana %s)', (version) => {
  let emu: Emulator;
  const project: ProjectDefinition = syntheticProject({ dashboards: 2, rules: 0 });
  const run = (p: ProjectDefinition, options: { force?: boolean; prune?: boolean } = {}) =>
    provision({ project: p, client: testClient(emu), env: syntheticEnv, api: 'app-platform', ...options });
  beforeEach(async () => {
    emu = await emulator({ version });
  });
  afterEach(async () => {
    await emu.close();
  });

  it('a foreign folder with our uid and our title is drift (not ours), taken over with --force and then carrying our manager annotations', async () => {
    await testClient(emu).post('/api/folders', { uid: 'synth', title: 'Synthetic', description: 'theirs' });
    const first = await run(project);
    const folder = first.plan.changes.find((c) => c.kind === 'folder' && c.key === 'synth')!;
    expect(folder.action).toBe('unchanged');
    expect(folder.note).toBe('matches the definitions; not managed by k2-grafana');
    const renamedProject = { ...project, folders: project.folders!.map((f) => (f.uid === 'synth' ? { ...f, title: 'Synthetic renamed' } : f)) };
    const renamed = await run(renamedProject);
    expect(renamed.plan.changes.find((c) => c.kind === 'folder' && c.key === 'synth')).toMatchObject({ action: 'drift', note: 'exists in Grafana, not managed by k2-grafana; --force takes it over' });
    expect(emu.state.folders.get('synth')).toMatchObject({ title: 'Synthetic', description: 'theirs' });

    const forced = await run(renamedProject, { force: true });
    expect(forced.plan.changes.find((c) => c.key === 'synth' && c.kind === 'folder')).toMatchObject({ action: 'update', forced: true });
    const v = version === '13.1' ? 'v1' : 'v1beta1';
    const object = await testClient(emu).get<{ metadata: { annotations: Record<string, string> }; spec: { description: string } }>(`/apis/folder.grafana.app/${v}/namespaces/default/folders/synth`);
    expect(object.metadata.annotations).toMatchObject({ 'grafana.app/managedBy': 'kubectl', 'grafana.app/managerId': 'k2-grafana/synthetic' });
    expect(object.metadata.annotations['grafana.app/managerAllowsEdits']).toBeUndefined();
    expect(object.spec.description).toMatch(/^Managed by k2-grafana\/synthetic/);
    expect(emu.state.folders.get('synth')?.title).toBe('Synthetic renamed');
    emu.clearLog();
    expect((await run(renamedProject)).plan.pending).toBe(false);
    expect(writeLines(emu)).toEqual([]);
  });

  it('--prune deletes an owned folder no longer defined that holds nothing foreign, and keeps one holding a dashboard not ours', async () => {
    await run(project);
    await testClient(emu).post('/api/dashboards/db', { dashboard: { uid: 'theirs', title: 'Their dashboard', panels: [] }, folderUid: 'synth', overwrite: false });
    const without = { ...project, folders: [], dashboards: [] };
    const pruned = await run(without, { prune: true });
    const folders = Object.fromEntries(pruned.plan.changes.filter((c) => c.kind === 'folder').map((c) => [c.key, c.action]));
    expect(folders).toEqual({ 'synth-nested': 'delete', synth: 'kept' });
    expect(pruned.plan.changes.find((c) => c.key === 'synth')?.note).toMatch(/holds 1 object\(s\) k2-grafana does not own or still defines \(dashboard "Their dashboard"\)/);
    expect(emu.state.folders.has('synth-nested')).toBe(false);
    expect(emu.state.folders.has('synth')).toBe(true);
    expect(emu.state.dashboards.has('theirs')).toBe(true);
  });

  it('folders pushed through the classic API are ours through the app-platform one: nothing to write after the switch', async () => {
    await provision({ project, client: testClient(emu), env: syntheticEnv, api: 'classic' });
    emu.clearLog();
    const switched = await run(project);
    expect(switched.plan.changes.map((c) => [c.kind, c.key, c.action, c.note])).toEqual(switched.plan.changes.map((c) => [c.kind, c.key, 'unchanged', undefined]));
    expect(writeLines(emu)).toEqual([]);
  });
});
