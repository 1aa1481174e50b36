// Issue 16 (items 1-4, Bad input): the transport chosen per kind from /apis, --api overriding it, the marker in the
// spec and in Grafana's manager annotations, paged no-op runs without per-object reads, one plan on both paths, and a
// lost resourceVersion race re-read and re-planned. Against the emulator's app-platform routes (test/emulator/app-platform).
import { afterEach, describe, expect, it } from 'vitest';
import { provision } from '../../src/apply/index.js';
import { exitCodeForError } from '../../src/cli/exit-codes.js';
import type { GrafanaClient, GrafanaRequest } from '../../src/grafana/index.js';
import { isK2GrafanaError } from '../../src/errors.js';
import type { JsonObject, ProjectDefinition } from '../../src/model/index.js';
import type { Emulator, EmulatorOptions } from '../emulator/emulator.js';
import { emulator, testClient, writeLines } from './helpers.js';
import { syntheticEnv, syntheticProject } from './synthetic-project.js';

let emu: Emulator;
afterEach(async () => {
  await emu?.close();
});
const start = async (options: EmulatorOptions) => (emu = await emulator(options));
const push = (project: ProjectDefinition, options: Partial<Parameters<typeof provision>[0]> = {}) =>
  provision({ project, client: testClient(emu), env: syntheticEnv, ...options });
const project = syntheticProject({ dashboards: 6, rules: 0 });
const dashboardsPath = (v: string) => `/apis/dashboard.grafana.app/${v}/namespaces/default/dashboards`;
type AppObject = { metadata: { name: string; resourceVersion: string; annotations?: Record<string, string>; labels?: Record<string, string> }; spec: JsonObject };

describe('which API each kind speaks', () => {
  it('auto on 11.6: the classic API (its /apis lists only alpha dashboard versions), after one discovery request', async () => {
    await start({ version: '11.6' });
    const result = await push(project);
    expect(result.apis).toEqual([{ kind: 'dashboard', api: 'classic' }, { kind: 'policy', api: 'classic' }, { kind: 'folder', api: 'classic' }]);
    expect(emu.requests.filter((r) => r.path === '/apis')).toHaveLength(1);
    expect(emu.requests.filter((r) => r.path.startsWith('/apis/'))).toEqual([]);
    expect(writeLines(emu)).toContain('POST /api/dashboards/db');
  });

  it('auto on 12.3 and 13.1: dashboard.grafana.app and folder.grafana.app at the newest version whose spec is the v1 JSON', async () => {
    for (const [version, v, tree] of [['12.3', 'v1beta1', 'v0alpha1'], ['13.1', 'v1', 'v1beta1']] as const) {
      await start({ version });
      const result = await push(project);
      expect(result.apis).toEqual([
        { kind: 'dashboard', api: 'app-platform', apiVersion: `dashboard.grafana.app/${v}`, namespace: 'default' },
        { kind: 'policy', api: 'app-platform', apiVersion: `notifications.alerting.grafana.app/${tree}`, namespace: 'default' },
        { kind: 'folder', api: 'app-platform', apiVersion: `folder.grafana.app/${v}`, namespace: 'default' },
      ]);
      expect(emu.requests.filter((r) => r.path === '/apis')).toHaveLength(1);
      expect(writeLines(emu).filter((w) => w.startsWith(`POST ${dashboardsPath(v)}`))).toHaveLength(6);
      await emu.close();
    }
  });

  it('--api classic sends no discovery request; --api app-platform against 11.6 fails before any write, naming the missing API', async () => {
    await start({ version: '12.3' });
    await push(project, { api: 'classic' });
    expect(emu.requests.filter((r) => r.path.startsWith('/apis'))).toEqual([]);
    await emu.close();

    await start({ version: '11.6' });
    const failure = await push(project, { api: 'app-platform' }).catch((e: unknown) => e);
    expect(isK2GrafanaError(failure) && failure.code).toBe('api-missing');
    expect(exitCodeForError['api-missing']).toBe(3);
    expect(String((failure as Error).message)).toMatch(/does not serve dashboard\.grafana\.app v1 or v1beta1 \(dashboards\): it serves dashboard\.grafana\.app v0alpha1, v1alpha1, v2alpha1/);
    expect(emu.writes()).toEqual([]);
  });

  it('the namespace follows the org: org-2 for --org-id 2; a token of org 2 without it is refused in "default" with a hint at GRAFANA_ORG_ID', async () => {
    await start({ version: '13.1', orgs: [1, 2], tokens: { glsa_org2: { role: 'Admin', orgId: 2 } } });
    const inOrg2 = await push(project, { client: testClient(emu, { token: 'glsa_org2', orgId: 2 }) });
    expect(inOrg2.summary?.counts.failed).toBe(0);
    expect(inOrg2.apis.map((a) => a.namespace)).toEqual(['org-2', 'org-2', 'org-2']);
    expect(emu.requests.filter((r) => r.path.startsWith('/apis/dashboard.grafana.app/')).every((r) => r.path.includes('/namespaces/org-2/'))).toBe(true);
    emu.clearLog();
    const failure = await push(project, { client: testClient(emu, { token: 'glsa_org2' }), api: 'app-platform' }).catch((e: unknown) => e);
    expect(isK2GrafanaError(failure) && failure.code).toBe('forbidden');
    expect((failure as Error & { hint: string }).hint).toMatch(/namespace "default".*check GRAFANA_ORG_ID/);
    expect(emu.writes()).toEqual([]);
  });

  it('auto: a kind the app-platform API refuses the token for (403) goes through the classic API, as before, and says why', async () => {
    // A token of org 2 without GRAFANA_ORG_ID: "default" is not its namespace, while the classic API acts in its org.
    await start({ version: '13.1', orgs: [1, 2], tokens: { glsa_org2: { role: 'Admin', orgId: 2 } } });
    const result = await push(project, { client: testClient(emu, { token: 'glsa_org2' }) });
    expect(result.summary?.counts.failed).toBe(0);
    expect(result.summary?.counts.created).toBe(result.desired.length);
    expect(result.apis.map((a) => [a.kind, a.api])).toEqual([['dashboard', 'classic'], ['policy', 'classic'], ['folder', 'classic']]);
    expect(result.apis[0].fallback).toMatch(/^dashboard\.grafana\.app\/v1 refused the token in namespace "default" \(403; it needs dashboards:read there\)$/);
    expect(writeLines(emu).filter((w) => w.includes('/apis/'))).toEqual([]);
    emu.clearLog();
    expect((await push(project, { client: testClient(emu, { token: 'glsa_org2' }) })).plan.pending).toBe(false);
    expect(writeLines(emu)).toEqual([]);
  });

  it('a namespace the token cannot see: 403 naming the permission and the namespace, nothing written', async () => {
    await start({ version: '13.1' });
    const failure = await push(project, { api: 'app-platform', namespace: 'org-7' }).catch((e: unknown) => e);
    expect(isK2GrafanaError(failure) && failure.code).toBe('forbidden');
    const error = failure as Error & { hint: string };
    expect(error.message).toMatch(/403/);
    expect(error.hint).toMatch(/grant its service account (dashboards|folders):read in that org/);
    expect(error.hint).toMatch(/namespace "org-7"/);
    expect(emu.writes()).toEqual([]);
  });
});

describe.each(['12.3', '13.1'] as const)('app-platform path on Grafana %s', (version) => {
  const v = version === '13.1' ? 'v1' : 'v1beta1';
  const treePath = `/apis/notifications.alerting.grafana.app/${version === '13.1' ? 'v1beta1' : 'v0alpha1'}/namespaces/default/routingtrees/user-defined`;

  it('the policy tree through its routing-tree resource: a concurrent change between our read and our write is a 409, re-read, and kept', async () => {
    await start({ version });
    const client = testClient(emu);
    const other = testClient(emu);
    const send = client.request.bind(client);
    let interfered = false;
    client.request = (async (req: GrafanaRequest) => {
      if (req.method === 'PUT' && req.path === treePath && !interfered) {
        interfered = true;
        // Another team adds its own route through the classic API (left editable, as a UI edit leaves it), after our read.
        const tree = await other.get<JsonObject>('/api/v1/provisioning/policies');
        await other.put('/api/v1/provisioning/policies', { ...tree, routes: [...((tree.routes as JsonObject[] | undefined) ?? []), { receiver: (tree as { receiver: string }).receiver, object_matchers: [['team', '=', 'payments']] }] }, { headers: { 'X-Disable-Provenance': 'true' } });
      }
      return send(req);
    }) as typeof client.request;
    const result = await push(project, { client });
    expect(result.summary?.counts.failed).toBe(0);
    expect(emu.requests.filter((r) => r.method === 'PUT' && r.path === treePath).map((r) => r.status)).toEqual([409, 200]);
    const routes = (emu.state.policy.routes ?? []).map((r) => JSON.stringify(r.object_matchers));
    expect(routes.some((m) => m.includes('payments'))).toBe(true);
    expect(routes.some((m) => m.includes('k2-grafana/synthetic'))).toBe(true);
    emu.clearLog();
    expect((await push(project)).plan.pending).toBe(false);
    expect(writeLines(emu)).toEqual([]);
  });
  const object = (uid: string) => testClient(emu).get<AppObject>(`${dashboardsPath(v)}/${uid}`);

  it('a policy tree someone provisioned (provenance api) is written with the classic PUT, which keeps its provenance', async () => {
    await start({ version });
    const other = testClient(emu);
    const tree = await other.get<JsonObject>('/api/v1/provisioning/policies');
    await other.put('/api/v1/provisioning/policies', tree);
    expect(emu.state.policy.provenance).toBe('api');
    emu.clearLog();
    await push(project);
    expect(writeLines(emu).filter((w) => /policies|routingtrees/.test(w))).toEqual(['PUT /api/v1/provisioning/policies']);
    expect(emu.state.policy.provenance).toBe('api');
  });

  it('stamps the marker in the spec and in the manager annotations (locked by default, editable on request)', async () => {
    await start({ version });
    await push(syntheticProject({ dashboards: 1, rules: 0 }), { api: 'app-platform' });
    const locked = await object('synth-0000');
    expect(locked.metadata.annotations).toMatchObject({ 'grafana.app/managedBy': 'kubectl', 'grafana.app/managerId': 'k2-grafana/synthetic', 'grafana.app/folder': 'synth' });
    expect(locked.metadata.annotations?.['k2-grafana/hash']).toMatch(/^[0-9a-f]{16}@synth-0000$/);
    expect(locked.metadata.annotations?.['grafana.app/managerAllowsEdits']).toBeUndefined();
    expect(locked.spec.tags).toContain('managed-by:k2-grafana/synthetic');
    expect(JSON.stringify(locked.spec.k2Grafana)).toContain('@synth-0000');

    await push(syntheticProject({ dashboards: 2, rules: 0 }), { api: 'app-platform', editableDashboards: true });
    expect((await object('synth-0001')).metadata.annotations?.['grafana.app/managerAllowsEdits']).toBe('true');
  });

  it('switching the UI lock rewrites what it stamps, once: an update saying so, then nothing to do', async () => {
    await start({ version });
    const two = syntheticProject({ dashboards: 2, rules: 0 });
    await push(two, { api: 'app-platform' });
    const editable = await push(two, { api: 'app-platform', editableDashboards: true });
    const updates = editable.plan.changes.filter((c) => c.action === 'update');
    expect(updates.map((c) => `${c.kind} ${c.key}`).sort()).toEqual(['dashboard synth-0000', 'dashboard synth-0001', 'folder synth', 'folder synth-nested']);
    expect(updates[0].reasons.map((r) => r.summary)).toEqual(['UI lock "locked" -> "editable" (grafana.app/managerAllowsEdits)']);
    expect((await object('synth-0000')).metadata.annotations?.['grafana.app/managerAllowsEdits']).toBe('true');
    emu.clearLog();
    expect((await push(two, { api: 'app-platform', editableDashboards: true })).plan.pending).toBe(false);
    expect(writeLines(emu)).toEqual([]);
    await push(two, { api: 'app-platform' });
    expect((await object('synth-0000')).metadata.annotations?.['grafana.app/managerAllowsEdits']).toBeUndefined();
    // The classic API has no UI lock: nothing to compare there, nothing written.
    emu.clearLog();
    expect((await push(two, { api: 'classic', editableDashboards: true })).plan.pending).toBe(false);
  });

  it('a no-op run lists in pages (continue) and reads no object on its own; nothing written', async () => {
    // A small page budget, so 40 dashboards take several pages (Grafana ends a page at 2 MiB).
    await start({ version, appPlatform: { maxPageBytes: 40_000 } });
    const many = syntheticProject({ dashboards: 40, rules: 0 });
    await push(many, { api: 'app-platform' });
    emu.clearLog();
    const result = await push(many, { api: 'app-platform' });
    expect(result.plan.pending).toBe(false);
    expect(result.summary?.counts.unchanged).toBe(result.desired.length);
    const lists = emu.requests.filter((r) => r.path === dashboardsPath(v));
    expect(lists.length).toBeGreaterThan(1);
    expect(lists.slice(1).every((r) => typeof r.query.continue === 'string' && r.query.continue !== '')).toBe(true);
    expect(emu.requests.filter((r) => r.path.startsWith(`${dashboardsPath(v)}/`) || r.path.startsWith('/api/dashboards/uid/') || r.path === '/api/search')).toEqual([]);
    expect(writeLines(emu)).toEqual([]);
  });

  it('switching from classic to app-platform is not drift and rewrites nothing; a change plans the same on both paths', async () => {
    await start({ version });
    await push(project, { api: 'classic' });
    emu.clearLog();
    const switched = await push(project, { api: 'app-platform' });
    expect(switched.plan.pending).toBe(false);
    expect(switched.plan.counts.drift).toBe(0);
    expect(writeLines(emu)).toEqual([]);

    const changed = structuredClone(project) as { -readonly [K in keyof ProjectDefinition]: ProjectDefinition[K] };
    const panels = (changed.dashboards![3].dashboard as JsonObject).panels as JsonObject[];
    (panels[0].targets as JsonObject[])[0].expr = 'sum(rate(synthetic_changed_total[5m]))';
    panels[1].title = 'Retitled';
    const shape = (r: Awaited<ReturnType<typeof push>>) => r.plan.changes.map((c) => ({ kind: c.kind, key: c.key, action: c.action, note: c.note, reasons: c.reasons }));
    const classic = await push(changed, { api: 'classic', dryRun: true });
    const app = await push(changed, { api: 'app-platform', dryRun: true });
    expect(shape(app)).toEqual(shape(classic));
    expect(classic.plan.changes.find((c) => c.action === 'update')?.reasons.map((r) => r.summary)).toEqual([
      'panel "Panel 1 of dashboard 3" query A expr changed', 'panel "Panel 2 of dashboard 3" retitled to "Retitled"',
    ]);
  });

  it('a schemaVersion the server raised on read, nothing else different, is not an edit', async () => {
    await start({ version });
    await push(project, { api: 'app-platform' });
    emu.state.dashboards.get('synth-0002')!.json.schemaVersion = 43;
    emu.clearLog();
    const result = await push(project, { api: 'app-platform' });
    expect(result.plan.changes.find((c) => c.key === 'synth-0002')?.action).toBe('unchanged');
    expect(writeLines(emu)).toEqual([]);
  });

  it('a foreign dashboard with our uid, managed by another tool: drift; --force releases their manager, then stamps ours', async () => {
    await start({ version });
    const one = syntheticProject({ dashboards: 1, rules: 0 });
    await push({ ...one, dashboards: [] }, { api: 'app-platform' });
    await testClient(emu).post(dashboardsPath(v), {
      apiVersion: `dashboard.grafana.app/${v}`, kind: 'Dashboard',
      metadata: { name: 'synth-0000', annotations: { 'grafana.app/folder': 'synth', 'grafana.app/managedBy': 'terraform', 'grafana.app/managerId': 'their-stack' } },
      spec: { title: 'Theirs', panels: [] },
    });
    const kept = await push(one, { api: 'app-platform' });
    expect(kept.plan.changes.find((c) => c.key === 'synth-0000')).toMatchObject({ action: 'drift', note: 'exists in Grafana, not managed by k2-grafana; --force takes it over' });
    const forced = await push(one, { api: 'app-platform', force: true });
    expect(forced.summary?.counts.failed).toBe(0);
    expect(forced.plan.changes.find((c) => c.key === 'synth-0000')).toMatchObject({ action: 'update', forced: true });
    expect((await object('synth-0000')).metadata.annotations).toMatchObject({ 'grafana.app/managedBy': 'kubectl', 'grafana.app/managerId': 'k2-grafana/synthetic' });
    emu.clearLog();
    expect((await push(one, { api: 'app-platform' })).plan.pending).toBe(false);
    expect(writeLines(emu)).toEqual([]);
  });

  describe('lost resourceVersion races', () => {
    /** A client whose updates of `uid` are each preceded by someone else's write of it (`edit` of theirs, or a label only). */
    function racing(uid: string, times: number, edit: (o: AppObject) => void): GrafanaClient {
      const client = testClient(emu);
      const other = testClient(emu);
      const send = client.request.bind(client);
      let left = times;
      client.request = (async (req: GrafanaRequest) => {
        if (req.method === 'PUT' && req.path === `${dashboardsPath(v)}/${uid}` && left > 0) {
          left -= 1;
          const current = await other.get<AppObject>(req.path);
          edit(current);
          await other.put(req.path, current);
        }
        return send(req);
      }) as typeof client.request;
      return client;
    }
    const labelOnly = (o: AppObject) => void (o.metadata.labels = { ...o.metadata.labels, touched: String(Math.random()).slice(2, 8) });
    const changed = (): ProjectDefinition => {
      const p = structuredClone(project) as { -readonly [K in keyof ProjectDefinition]: ProjectDefinition[K] };
      for (const d of p.dashboards!) ((d.dashboard as JsonObject).panels as JsonObject[])[0].title = 'Changed by us';
      return p;
    };

    it('one lost race: re-read, re-planned, written with the new resourceVersion', async () => {
      await start({ version });
      await push(project, { api: 'app-platform' });
      emu.clearLog();
      const result = await push(changed(), { api: 'app-platform', client: racing('synth-0001', 1, labelOnly) });
      expect(result.summary?.counts.updated).toBe(6);
      expect(emu.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/synth-0001')).map((r) => r.status)).toEqual([200, 409, 200]);
      expect(((emu.state.dashboards.get('synth-0001')!.json.panels as JsonObject[])[0]).title).toBe('Changed by us');
    });

    it('their edit in between is drift after the re-read, not overwritten', async () => {
      await start({ version });
      await push(project, { api: 'app-platform' });
      const edit = (o: AppObject) => void (o.spec.description = 'edited by them');
      const result = await push(changed(), { api: 'app-platform', client: racing('synth-0001', 1, edit) });
      const ours = result.summary!.results.find((r) => r.key === 'synth-0001')!;
      expect(ours).toMatchObject({ action: 'drift', outcome: 'drift' });
      expect(ours.note).toMatch(/^re-read after a concurrent write: edited in Grafana since the last push/);
      expect(emu.state.dashboards.get('synth-0001')!.json.description).toBe('edited by them');
      expect(result.summary?.counts.updated).toBe(5);
    });

    it('three lost races in a row: that dashboard fails as a conflict (exit 4) naming it; every other one is written', async () => {
      await start({ version });
      await push(project, { api: 'app-platform' });
      const result = await push(changed(), { api: 'app-platform', client: racing('synth-0001', 99, labelOnly) });
      const ours = result.summary!.results.find((r) => r.key === 'synth-0001')!;
      expect(ours.outcome).toBe('failed');
      expect(ours.error?.code).toBe('conflict');
      expect(exitCodeForError.conflict).toBe(4);
      expect(ours.error?.message).toMatch(/^dashboard "Synthetic dashboard 1" \(synth-0001\): lost 3 races in a row/);
      expect(result.summary?.counts.updated).toBe(5);
      expect(emu.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/synth-0001') && r.status === 409)).toHaveLength(3);
    });
  });
});
