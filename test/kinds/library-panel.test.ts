import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProject } from '../../dashboards/index.js';
import { provision } from '../../src/apply/index.js';
import { libraryPanel, libraryPanelRefs, toLibraryPanel, type LibraryPanelDefinition } from '../../src/kinds/index.js';
import type { DashboardDefinition, JsonObject, ProjectDefinition } from '../../src/model/index.js';
import { generate } from '../../src/render/index.js';
import { reviewArtifactSets, reviewLive } from '../../src/review/index.js';
import { validateProject } from '../../src/validate/index.js';
import { libraryElements } from '../emulator/routes/library-elements.js';
import type { Emulator } from '../emulator/emulator.js';
import { emulator, testClient, testEnv, writeLines } from '../provision/helpers.js';

/**
 * issue 13: library panels on the emulator (test/emulator/routes/library-elements.ts, after Grafana's
 * pkg/services/libraryelements/api.go createHandler, patchHandler, deleteHandler, getConnectionsHandler).
 */

const k2 = buildProject();
const lib = (k2.libraryPanels as LibraryPanelDefinition[])[0]!.libraryPanel!;
const withModel = (change: (model: JsonObject) => JsonObject): ProjectDefinition => ({
  ...k2, libraryPanels: [{ source: 'x.ts', libraryPanel: { ...lib, model: change(lib.model) } }],
});

describe('K2 uses its level-now stat by reference', () => {
  it('the dashboard holds {id, gridPos, libraryPanel} and the library panel the model, without id and gridPos', () => {
    const [dashboard] = k2.dashboards as DashboardDefinition[];
    expect(libraryPanelRefs(dashboard!.dashboard)).toEqual([{ uid: 'k2-degradation-level-now', name: 'K2 degradation level now' }]);
    expect(lib.model.id).toBeUndefined();
    expect(lib.model.gridPos).toBeUndefined();
    expect(lib.model.title).toBe('Degradation level');
    expect(generate(k2).get('library-panels/k2-degradation-level-now.json')).toContain('"kind": 1');
  });

  it('toLibraryPanel names the dashboard when the panel id is not there', () => {
    expect(() => toLibraryPanel({ source: 'd.ts', dashboard: { panels: [] } }, 9, { uid: 'u', name: 'n', folderUid: '' })).toThrow('d.ts: no panel with id 9');
  });
});

describe('provisioned on the emulator', () => {
  let emu: Emulator;
  beforeAll(async () => {
    // The order of writes is asserted on the classic paths (pinned with api: 'classic'); both transports: test/provision.
    emu = await emulator();
  });
  afterAll(async () => {
    await emu.close();
  });

  it('writes the library panel before the dashboard that uses it; a second run writes nothing', async () => {
    const first = await provision({ api: 'classic', project: k2, client: testClient(emu), env: testEnv });
    expect(first.summary?.counts.failed ?? 0).toBe(0);
    const writes = writeLines(emu);
    expect(writes.indexOf('POST /api/library-elements')).toBeGreaterThanOrEqual(0);
    expect(writes.indexOf('POST /api/library-elements')).toBeLessThan(writes.indexOf('POST /api/dashboards/db'));
    // Grafana adds `type` and `description` to the model (syncFieldsWithModel); the marker rides in it.
    const stored = libraryElements(emu.state).get(lib.uid)!;
    expect(stored.model.k2Grafana).toMatchObject({ owner: 'k2-grafana/k2' });
    const connections = await testClient(emu).get<{ result: JsonObject[] }>(`/api/library-elements/${lib.uid}/connections/`);
    expect(connections.result.map((c) => c.connectionUid)).toEqual(['k2-degradation']);
    emu.clearLog();
    const second = await provision({ api: 'classic', project: k2, client: testClient(emu), env: testEnv });
    expect(writeLines(emu)).toEqual([]);
    expect(second.plan.changes.find((c) => c.kind === 'library-panel')?.action).toBe('unchanged');
  });

  it('a change reads the same in plan, diff --live and the file diff, and is PATCHed with the stored version', async () => {
    const after = withModel((m) => ({ ...m, description: 'The level now.' }));
    const planned = await provision({ api: 'classic', project: after, client: testClient(emu), env: testEnv, dryRun: true });
    const change = planned.plan.changes.find((c) => c.kind === 'library-panel')!;
    expect(change.action).toBe('update');
    const words = change.reasons.map((r) => r.summary);
    expect(words.join('\n')).toContain('The level now.');
    const live = await reviewLive({ project: after, client: testClient(emu), env: testEnv });
    expect(live.objects.find((o) => o.kind === 'library-panel')!.changes.map((c) => c.summary)).toEqual(words);
    const files = reviewArtifactSets(generate(k2), generate(after), { before: 'base', after: 'head' });
    expect(files.objects.find((o) => o.kind === 'library-panel')!.changes.map((c) => c.summary)).toEqual(words);
    emu.clearLog();
    await provision({ api: 'classic', project: after, client: testClient(emu), env: testEnv });
    expect(writeLines(emu)).toEqual([`PATCH /api/library-elements/${lib.uid}`]);
    expect(emu.writes()[0]!.body).toMatchObject({ version: 1, kind: 1 });
    await provision({ api: 'classic', project: k2, client: testClient(emu), env: testEnv });
  });

  it('an edit made in Grafana is drift', async () => {
    libraryElements(emu.state).get(lib.uid)!.model.title = 'Edited in the UI';
    const planned = await provision({ api: 'classic', project: k2, client: testClient(emu), env: testEnv, dryRun: true });
    expect(planned.plan.changes.find((c) => c.kind === 'library-panel')?.action).toBe('drift');
    await provision({ api: 'classic', project: k2, client: testClient(emu), env: testEnv, force: true });
  });

  it('prune: kept while a dashboard that is not ours uses it (its connections are read first); deleted after ours once nothing else does', async () => {
    const client = testClient(emu);
    // Someone else's dashboard uses our library panel.
    await client.post('/api/dashboards/db', { dashboard: { uid: 'theirs', title: 'Theirs', panels: [{ id: 1, gridPos: { x: 0, y: 0, w: 6, h: 4 }, libraryPanel: { uid: lib.uid, name: lib.name } }] }, folderUid: 'k2' });
    const none: ProjectDefinition = { ...k2, dashboards: [], libraryPanels: [] };
    const planned = await provision({ api: 'classic', project: none, client, env: testEnv, prune: true, dryRun: true });
    const kept = planned.plan.changes.find((c) => c.kind === 'library-panel')!;
    expect(kept.action).toBe('kept');
    expect(kept.note).toContain('dashboard "Theirs"');
    await client.delete('/api/dashboards/uid/theirs');
    emu.clearLog();
    const pruned = await provision({ api: 'classic', project: none, client, env: testEnv, prune: true });
    expect(pruned.summary?.counts.failed ?? 0).toBe(0);
    const writes = writeLines(emu);
    expect(writes.indexOf('DELETE /api/dashboards/uid/k2-degradation')).toBeLessThan(writes.indexOf(`DELETE /api/library-elements/${lib.uid}`));
    expect(libraryElements(emu.state).size).toBe(0);
  });

  it('an external library panel is never written, read for prune or deleted; the dashboard keeps its reference', async () => {
    const client = testClient(emu);
    await client.post('/api/library-elements', { uid: 'shared-x', name: 'Shared', kind: 1, model: { type: 'text', title: 'Shared' } });
    const [dashboard] = k2.dashboards as DashboardDefinition[];
    const imported: DashboardDefinition = { ...dashboard!, dashboard: { ...dashboard!.dashboard, panels: [...(dashboard!.dashboard.panels as JsonObject[]), { id: 99, type: 'text', title: 'Shared', gridPos: { x: 0, y: 60, w: 6, h: 4 }, libraryPanel: { uid: 'shared-x', name: 'Shared' } }] } };
    const project: ProjectDefinition = { ...k2, dashboards: [imported], libraryPanels: [...(k2.libraryPanels as LibraryPanelDefinition[]), { source: 'x.ts', external: { uid: 'shared-x', name: 'Shared' } }] };
    expect(validateProject(project, { rootDir: new URL('../..', import.meta.url).pathname }).filter((i) => i.rule === 'library-panel-ref')).toEqual([]);
    emu.clearLog();
    const result = await provision({ api: 'classic', project, client, env: testEnv, prune: true });
    expect(result.summary?.counts.failed ?? 0).toBe(0);
    expect(writeLines(emu).filter((w) => w.includes('shared-x'))).toEqual([]);
    expect(result.plan.changes.filter((c) => c.key === 'shared-x')).toEqual([]);
    expect(libraryElements(emu.state).get('shared-x')).toBeDefined();
  });

  it('Grafana refuses to delete a library panel with connections (403) and a stale PATCH (412)', async () => {
    const client = testClient(emu);
    await expect(client.delete('/api/library-elements/shared-x')).rejects.toMatchObject({ status: 403 });
    await expect(client.patch('/api/library-elements/shared-x', { name: 'Shared', kind: 1, version: 7, model: {} })).rejects.toMatchObject({ status: 412 });
  });
});

describe('bad input', () => {
  it('a dashboard naming a library panel that is neither defined nor declared external, or by the wrong name; a definition with neither form', () => {
    const [dashboard] = k2.dashboards as DashboardDefinition[];
    const errors = (p: ProjectDefinition) => validateProject(p, { rootDir: new URL('../..', import.meta.url).pathname }).filter((i) => i.rule === 'library-panel-ref').map((i) => i.message);
    expect(errors({ ...k2, libraryPanels: [] })).toEqual([
      'uses library panel "K2 degradation level now" (uid "k2-degradation-level-now"), which the project neither defines nor declares external: add it to libraryPanels (or as { external: { uid, name } } when it exists in Grafana and is not yours)',
    ]);
    expect(errors({ ...k2, libraryPanels: [{ source: 'x.ts', libraryPanel: { ...lib, name: 'Renamed' } }] })).toEqual([
      'uses library panel uid "k2-degradation-level-now" by the name "K2 degradation level now", but it is named "Renamed": use the library panel\'s name',
    ]);
    expect(libraryPanel.definitions.shapeIssues({ source: 's' }, 'libraryPanels[0]')).toEqual([
      '`libraryPanels[0]` must have either `libraryPanel` (one of ours) or `external` (one that exists in Grafana, not ours)',
    ]);
    expect(dashboard).toBeDefined();
  });
});
