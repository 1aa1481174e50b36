// Contract: the app-platform API (`/apis`) that Grafana 12.x and 13.x serve beside the classic one. Each test cites
// docs/app-platform.md (which cites Grafana's file and symbol). On the emulator it runs at 12.3 and 13.1; against a real
// Grafana (GRAFANA_URL) once, skipping what that server does not offer (said in the skip reason) and what needs setup
// only the emulator can do. Real Grafana: unique names, deleted again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorVersion } from '../emulator/emulator.js';
import { freshGrafana, realGrafana, target, type ContractTarget } from './target.js';

const DASH = 'dashboard.grafana.app';
const FOLDER = 'folder.grafana.app';
const NOTIF = 'notifications.alerting.grafana.app';
/** Versions whose spec is the v1 dashboard JSON (docs/app-platform.md §2: DashboardSpec = common.Unstructured). */
const V1_SPEC = ['v1', 'v1beta1'];

interface Served {
  dashboards?: string;
  folders?: string;
  routingTrees?: string;
}

/** The newest served version of each resource we use, from `/apis` (docs/app-platform.md §2, §9). */
async function discover(t: ContractTarget): Promise<Served> {
  const res = await t.call('GET', '/apis');
  const groups: Array<{ name: string; versions: Array<{ version: string }> }> = res.status === 200 ? res.json.groups ?? [] : [];
  const versions = (g: string) => groups.find((x) => x.name === g)?.versions.map((v) => v.version) ?? [];
  const dash = versions(DASH).find((v) => V1_SPEC.includes(v));
  const folder = versions(FOLDER)[0];
  const tree = versions(NOTIF)[0];
  return { ...(dash ? { dashboards: dash } : {}), ...(folder ? { folders: folder } : {}), ...(tree ? { routingTrees: tree } : {}) };
}

const runs: Array<EmulatorVersion | undefined> = realGrafana ? [undefined] : ['12.3', '13.1'];

describe.each(runs)('app-platform API (%s)', (version) => {
  let t: ContractTarget;
  let served: Served = {};
  let ns = 'default';
  const u = (name: string) => `${t.run}-${name}`;
  const dashPath = (name = '') => `/apis/${DASH}/${served.dashboards}/namespaces/${ns}/dashboards${name ? `/${name}` : ''}`;
  const folderPath = (name = '') => `/apis/${FOLDER}/${served.folders}/namespaces/${ns}/folders${name ? `/${name}` : ''}`;
  const dashIt = (name: string, fn: () => Promise<void>) => it(name, async (ctx) => {
    if (!served.dashboards) ctx.skip('the target serves no dashboard.grafana.app v1/v1beta1 (Grafana 11.x, or the API turned off)');
    await fn();
  });
  const folderIt = (name: string, fn: () => Promise<void>) => it(name, async (ctx) => {
    if (!served.folders) ctx.skip('the target serves no folder.grafana.app');
    await fn();
  });

  const dashboard = (name: string, spec: Record<string, unknown>, meta: Record<string, unknown> = {}) => ({
    apiVersion: `${DASH}/${served.dashboards}`, kind: 'Dashboard', metadata: { name, ...meta }, spec,
  });
  const createDashboard = async (name: string, spec: Record<string, unknown>, meta: Record<string, unknown> = {}) => {
    const res = await t.call('POST', dashPath(), { body: dashboard(name, spec, meta) });
    if (res.status === 201 || res.status === 200) t.cleanup('DELETE', dashPath(name));
    return res;
  };

  beforeAll(async () => {
    t = await target(version ? { version } : {});
    served = await discover(t);
    // docs/app-platform.md §4: on-prem the namespace is `default` for org 1, `org-N` otherwise; /api/frontend/settings says it.
    const settings = await t.call('GET', '/api/frontend/settings');
    if (settings.status === 200 && typeof settings.json?.namespace === 'string') ns = settings.json.namespace;
    if (served.folders) {
      const res = await t.call('POST', folderPath(), { body: { apiVersion: `${FOLDER}/${served.folders}`, kind: 'Folder', metadata: { name: u('f') }, spec: { title: `${t.run} app-platform` } } });
      expect(res.status).toBe(201);
      t.cleanup('DELETE', folderPath(u('f')));
    }
  });
  afterAll(async () => {
    await t.close();
  });

  describe('§9 discovery', () => {
    it('§2, §9 GET /apis: an APIGroupList; preferred version first; on the emulator 12.3 prefers v1beta1, 13.1 v1', async () => {
      const res = await t.call('GET', '/apis');
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ kind: 'APIGroupList', apiVersion: 'v1' });
      for (const g of res.json.groups) {
        expect(g.versions.length).toBeGreaterThan(0);
        expect(g.preferredVersion).toEqual({ groupVersion: `${g.name}/${g.versions[0].version}`, version: g.versions[0].version });
        for (const v of g.versions) expect(v.groupVersion).toBe(`${g.name}/${v.version}`);
      }
      if (version === '12.3') {
        expect(served).toEqual({ dashboards: 'v1beta1', folders: 'v1beta1', routingTrees: 'v0alpha1' });
        expect(res.json.groups.find((g: { name: string }) => g.name === DASH).versions.map((v: { version: string }) => v.version)).toEqual(['v1beta1', 'v0alpha1', 'v2beta1', 'v2alpha1']);
      }
      if (version === '13.1') expect(served).toEqual({ dashboards: 'v1', folders: 'v1', routingTrees: 'v1beta1' });
    });

    dashIt('§9 GET /apis/<group> is an APIGroup; /apis/<group>/<version> an APIResourceList naming the namespaced resource', async () => {
      const group = await t.call('GET', `/apis/${DASH}`);
      expect(group.status).toBe(200);
      expect(group.json).toMatchObject({ kind: 'APIGroup', apiVersion: 'v1', name: DASH });
      const list = await t.call('GET', `/apis/${DASH}/${served.dashboards}`);
      expect(list.status).toBe(200);
      expect(list.json).toMatchObject({ kind: 'APIResourceList', groupVersion: `${DASH}/${served.dashboards}` });
      expect(list.json.resources).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'dashboards', namespaced: true, kind: 'Dashboard' })]));
    });
  });

  describe('§4 namespaces', () => {
    dashIt('§4 the org-1 namespace lists: a DashboardList with metadata.resourceVersion', async () => {
      const res = await t.call('GET', dashPath(), { query: { limit: '1' } });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ kind: 'DashboardList', apiVersion: `${DASH}/${served.dashboards}` });
      // server.go List: a list resourceVersion < 1 is an error, so even an empty namespace has one.
      expect(Number(res.json.metadata.resourceVersion)).toBeGreaterThan(0);
    });

    it('§4 a namespace of another org -> 403 Forbidden Status naming verb, resource, group, namespace and "invalid org"', async (ctx) => {
      // A Grafana server admin (basic auth) passes the namespace authorizer, so this needs a token (GRAFANA_TOKEN).
      if (!served.dashboards) ctx.skip('the target serves no dashboard.grafana.app v1/v1beta1');
      if (realGrafana && !process.env.GRAFANA_TOKEN) ctx.skip('basic auth is a server admin, whom the namespace authorizer lets through: needs GRAFANA_TOKEN');
      if (ns !== 'default') ctx.skip(`the target's namespace is ${ns}, not org 1's`);
      const res = await t.call('GET', `/apis/${DASH}/${served.dashboards}/namespaces/org-999/dashboards`);
      expect(res.status).toBe(403);
      expect(res.json).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403, details: { group: DASH, kind: 'dashboards' } });
      expect(res.json.message).toMatch(new RegExp(`^dashboards\\.${DASH.replace(/\./g, '\\.')} is forbidden: User ".*" cannot list resource "dashboards" in API group "${DASH.replace(/\./g, '\\.')}" in the namespace "org-999": invalid org$`));
    });

    it('§4 `org-1` is not a namespace (ParseNamespace: "use default rather than org-1") -> 403 "invalida namespace"', async (ctx) => {
      if (!served.dashboards) ctx.skip('the target serves no dashboard.grafana.app v1/v1beta1');
      if (realGrafana && !process.env.GRAFANA_TOKEN) ctx.skip('basic auth is a server admin, whom the namespace authorizer lets through: needs GRAFANA_TOKEN');
      const res = await t.call('GET', `/apis/${DASH}/${served.dashboards}/namespaces/org-1/dashboards`);
      expect(res.status).toBe(403);
      expect(res.json.message).toMatch(/: invalida namespace$/);
    });
  });

  describe('§5 get / create / update / delete', () => {
    dashIt('§5, §8 create -> 201 with generation 1, the folder annotation and the spec as sent; a second create -> 409 AlreadyExists', async () => {
      const res = await createDashboard(u('c'), { title: 'AP create', tags: ['k2'], schemaVersion: 42 }, { annotations: { 'grafana.app/folder': u('f') } });
      expect(res.status).toBe(201);
      expect(res.json).toMatchObject({ kind: 'Dashboard', metadata: { name: u('c'), namespace: ns, generation: 1 }, spec: { title: 'AP create', tags: ['k2'], schemaVersion: 42 } });
      if (served.folders) expect(res.json.metadata.annotations['grafana.app/folder']).toBe(u('f'));
      const again = await createDashboard(u('c'), { title: 'AP create' });
      expect(again.status).toBe(409);
      expect(again.json).toEqual({
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `dashboards.${DASH} "${u('c')}" already exists`,
        reason: 'AlreadyExists', details: { name: u('c'), group: DASH, kind: 'dashboards' }, code: 409,
      });
    });

    dashIt('§8 get of a missing name -> 404 NotFound Status', async () => {
      const res = await t.call('GET', dashPath(u('missing')));
      expect(res.status).toBe(404);
      expect(res.json).toEqual({
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `dashboards.${DASH} "${u('missing')}" not found`,
        reason: 'NotFound', details: { name: u('missing'), group: DASH, kind: 'dashboards' }, code: 404,
      });
    });

    dashIt('§5 update: a spec change bumps generation; a labels-only change keeps it; resourceVersion changes on both', async () => {
      const created = (await createDashboard(u('u'), { title: 'AP update' })).json;
      const specChange = await t.call('PUT', dashPath(u('u')), { body: { ...created, spec: { title: 'AP update 2' } } });
      expect(specChange.status).toBe(200);
      expect(specChange.json.metadata.generation).toBe(2);
      expect(specChange.json.metadata.resourceVersion).not.toBe(created.metadata.resourceVersion);
      const labelled = await t.call('PUT', dashPath(u('u')), {
        body: { ...specChange.json, metadata: { ...specChange.json.metadata, labels: { ...specChange.json.metadata.labels, 'k2.example/owner': 'contract' } } },
      });
      expect(labelled.status).toBe(200);
      expect(labelled.json.metadata.generation).toBe(2);
      expect(labelled.json.metadata.labels['k2.example/owner']).toBe('contract');
      expect(labelled.json.metadata.resourceVersion).not.toBe(specChange.json.metadata.resourceVersion);
    });

    dashIt('§5 a stale resourceVersion -> 409 Conflict "the object has been modified"; none at all -> applied unconditionally', async () => {
      const created = (await createDashboard(u('rv'), { title: 'AP rv' })).json;
      const first = await t.call('PUT', dashPath(u('rv')), { body: { ...created, spec: { title: 'AP rv 2' } } });
      expect(first.status).toBe(200);
      const stale = await t.call('PUT', dashPath(u('rv')), { body: { ...created, spec: { title: 'AP rv 3' } } });
      expect(stale.status).toBe(409);
      expect(stale.json).toEqual({
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
        message: `Operation cannot be fulfilled on dashboards.${DASH} "${u('rv')}": the object has been modified; please apply your changes to the latest version and try again`,
        reason: 'Conflict', details: { name: u('rv'), group: DASH, kind: 'dashboards' }, code: 409,
      });
      const { resourceVersion: _rv, ...metadata } = created.metadata;
      const blind = await t.call('PUT', dashPath(u('rv')), { body: { ...created, metadata, spec: { title: 'AP rv 4' } } });
      expect(blind.status).toBe(200);
      expect(blind.json.spec.title).toBe('AP rv 4');
    });

    dashIt('§5, §8 the body name must be the URL name -> 400 BadRequest', async () => {
      const created = (await createDashboard(u('nm'), { title: 'AP name' })).json;
      const res = await t.call('PUT', dashPath(u('nm')), { body: { ...created, metadata: { ...created.metadata, name: u('other') } } });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
      expect(res.json.message).toBe(`the name of the object (${u('other')}) does not match the name on the URL (${u('nm')})`);
    });

    dashIt('§5 delete -> 200 Status Success, then get -> 404', async () => {
      await createDashboard(u('d'), { title: 'AP delete' });
      const res = await t.call('DELETE', dashPath(u('d')));
      expect(res.status).toBe(200);
      // NewRegistryStore sets no ReturnDeletedObject: a Status Success, not the object.
      expect(res.json).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Success', details: { name: u('d'), group: DASH, kind: 'dashboards' } });
      expect((await t.call('GET', dashPath(u('d')))).status).toBe(404);
    });

    dashIt('§5, §8 an empty title -> 400 BadRequest "Dashboard title cannot be empty" (ValidateBasicDashboardProperties)', async () => {
      const res = await createDashboard(u('empty'), { title: '  ' });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ kind: 'Status', reason: 'BadRequest', message: 'Dashboard title cannot be empty', code: 400 });
    });
    dashIt('§5 a folder annotation naming no folder -> 404 NotFound for the folder (validateFolderExists)', async () => {
      const res = await createDashboard(u('nofolder'), { title: 'AP no folder' }, { annotations: { 'grafana.app/folder': u('missing-folder') } });
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({ kind: 'Status', reason: 'NotFound', message: `folders.${FOLDER} "${u('missing-folder')}" not found`, code: 404 });
    });
  });

  describe('§3 list paging', () => {
    dashIt('§3 limit + continue walk every object once, in name order; the last page has no continue', async () => {
      const label = { 'k2.example/run': t.run };
      const names = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'].map(u);
      for (const n of names) expect((await createDashboard(n, { title: `AP ${n}` }, { labels: label })).status).toBe(201);
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const res = await t.call('GET', dashPath(), { query: { limit: '3', labelSelector: `k2.example/run=${t.run}`, ...(token ? { continue: token } : {}) } });
        expect(res.status).toBe(200);
        expect(res.json.items.length).toBeLessThanOrEqual(3);
        seen.push(...res.json.items.map((i: { metadata: { name: string } }) => i.metadata.name));
        token = res.json.metadata.continue || undefined;
        pages++;
      } while (token && pages < 10);
      expect(seen).toEqual([...names].sort());
      expect(pages).toBe(3);
    });

    dashIt('§3 labelSelector: `!=` and set-based selection', async () => {
      await createDashboard(u('s1'), { title: 'AP s1' }, { labels: { 'k2.example/sel': t.run, tier: 'a' } });
      await createDashboard(u('s2'), { title: 'AP s2' }, { labels: { 'k2.example/sel': t.run, tier: 'b' } });
      const names = async (selector: string) =>
        (await t.call('GET', dashPath(), { query: { labelSelector: selector } })).json.items.map((i: { metadata: { name: string } }) => i.metadata.name);
      expect(await names(`k2.example/sel=${t.run},tier!=a`)).toEqual([u('s2')]);
      expect(await names(`k2.example/sel=${t.run},tier in (a,b)`)).toEqual([u('s1'), u('s2')]);
    });
  });

  describe('§1 labels, annotations and the manager annotations', () => {
    dashIt('§1 labels and annotations round-trip, manager ones included; changing the manager kind -> 403 with the ResourceManagerKindConflict cause', async () => {
      const meta = { labels: { 'k2.example/owned': 'yes' }, annotations: { 'grafana.app/managedBy': 'kubectl', 'grafana.app/managerId': 'k2-grafana', 'k2.example/note': 'n' } };
      const created = await createDashboard(u('m'), { title: 'AP managed' }, meta);
      expect(created.status).toBe(201);
      const got = (await t.call('GET', dashPath(u('m')))).json;
      expect(got.metadata.labels).toMatchObject(meta.labels);
      expect(got.metadata.annotations).toMatchObject(meta.annotations);
      const listed = (await t.call('GET', dashPath(), { query: { labelSelector: 'k2.example/owned=yes' } })).json.items.map((i: { metadata: { name: string } }) => i.metadata.name);
      expect(listed).toContain(u('m'));
      const kind = await t.call('PUT', dashPath(u('m')), {
        body: { ...got, metadata: { ...got.metadata, annotations: { ...got.metadata.annotations, 'grafana.app/managedBy': 'terraform' } } },
      });
      expect(kind.status).toBe(403);
      expect(kind.json).toMatchObject({ kind: 'Status', reason: 'Forbidden', code: 403 });
      // 13.x text (manager_errors.go NewResourceManagerKindConflictError); older servers send the short legacy text.
      expect(kind.json.message).toMatch(/^Cannot change resource manager kind/);
      const identity = await t.call('PUT', dashPath(u('m')), {
        body: { ...got, metadata: { ...got.metadata, annotations: { ...got.metadata.annotations, 'grafana.app/managerId': 'someone-else' } } },
      });
      expect(identity.status).toBe(403);
      expect(identity.json.message).toBe('Cannot change resource manager identity; remove the existing manager first, then add the new one');
    });
  });

  describe('§7 one store behind both APIs (the dual writer)', () => {
    dashIt('§7 classic save -> app-platform read: generation = version, folder annotation, tags and unknown fields in spec, no id/uid/version', async () => {
      const save = await t.call('POST', '/api/dashboards/db', {
        body: { dashboard: { uid: u('dw'), title: 'AP dual', tags: ['k2-managed'], schemaVersion: 42, k2Custom: { a: 1 } }, ...(served.folders ? { folderUid: u('f') } : {}) },
      });
      expect(save.status).toBe(200);
      t.cleanup('DELETE', `/api/dashboards/uid/${u('dw')}`);
      const got = await t.call('GET', dashPath(u('dw')));
      expect(got.status).toBe(200);
      expect(got.json.metadata.generation).toBe(save.json.version);
      expect(got.json.metadata.labels['grafana.app/deprecatedInternalID']).toBe(String(save.json.id));
      if (served.folders) expect(got.json.metadata.annotations['grafana.app/folder']).toBe(u('f'));
      expect(got.json.spec).toMatchObject({ title: 'AP dual', tags: ['k2-managed'], k2Custom: { a: 1 } });
      expect(got.json.spec).not.toHaveProperty('id');
      expect(got.json.spec).not.toHaveProperty('uid');
      expect(got.json.spec).not.toHaveProperty('version');
    });

    dashIt('§7 app-platform write -> classic read: the title and version (= generation) the app-platform write left', async () => {
      const created = (await createDashboard(u('dw2'), { title: 'AP dual 2', tags: ['x'] })).json;
      const updated = (await t.call('PUT', dashPath(u('dw2')), { body: { ...created, spec: { ...created.spec, title: 'AP dual 2b' } } })).json;
      const classic = await t.call('GET', `/api/dashboards/uid/${u('dw2')}`);
      expect(classic.status).toBe(200);
      expect(classic.json.dashboard).toMatchObject({ uid: u('dw2'), title: 'AP dual 2b', version: updated.metadata.generation, tags: ['x'] });
      // A classic save moves the app-platform resourceVersion too.
      const resaved = await t.call('POST', '/api/dashboards/db', { body: { dashboard: { ...classic.json.dashboard, title: 'AP dual 2c' } } });
      expect(resaved.status).toBe(200);
      const after = (await t.call('GET', dashPath(u('dw2')))).json;
      expect(after.metadata.resourceVersion).not.toBe(updated.metadata.resourceVersion);
      expect(after.metadata.generation).toBe(resaved.json.version);
    });

    folderIt('§2, §7 folders: description is readable through app-platform although the classic DTO drops it; a classic rename is seen', async () => {
      const body = { apiVersion: `${FOLDER}/${served.folders}`, kind: 'Folder', metadata: { name: u('fd'), labels: { 'k2.example/owned': 'yes' } }, spec: { title: 'AP folder', description: 'owned by k2' } };
      const created = await t.call('POST', folderPath(), { body });
      expect(created.status).toBe(201);
      t.cleanup('DELETE', folderPath(u('fd')));
      expect(created.json.spec).toEqual({ title: 'AP folder', description: 'owned by k2' });
      const classic = await t.call('GET', `/api/folders/${u('fd')}`);
      expect(classic.status).toBe(200);
      expect(classic.json).not.toHaveProperty('description');
      const renamed = await t.call('PUT', `/api/folders/${u('fd')}`, { body: { title: 'AP folder renamed', version: classic.json.version } });
      expect(renamed.status).toBe(200);
      const got = (await t.call('GET', folderPath(u('fd')))).json;
      expect(got.spec.title).toBe('AP folder renamed');
      expect(got.spec.description).toBe('owned by k2');
      expect(got.metadata.generation).toBe(renamed.json.version);
      // FolderUnifiedStoreImpl.Update edits a copy of the stored object: the label survives the classic rename.
      expect(got.metadata.labels['k2.example/owned']).toBe('yes');
    });

    dashIt('§7 a classic save drops app-platform labels and manager annotations (saveDashboardThroughK8s: folder and message only)', async () => {
      const meta = { labels: { 'k2.example/owned': 'yes' }, annotations: { 'grafana.app/managedBy': 'kubectl', 'grafana.app/managerId': 'k2-grafana' } };
      expect((await createDashboard(u('cs'), { title: 'AP classic save' }, meta)).status).toBe(201);
      const classic = (await t.call('GET', `/api/dashboards/uid/${u('cs')}`)).json;
      expect((await t.call('POST', '/api/dashboards/db', { body: { dashboard: { ...classic.dashboard, title: 'AP classic save 2' }, message: 'm' } })).status).toBe(200);
      const after = (await t.call('GET', dashPath(u('cs')))).json;
      expect(after.spec.title).toBe('AP classic save 2');
      expect(after.metadata.labels['k2.example/owned']).toBeUndefined();
      expect(after.metadata.annotations['grafana.app/managedBy']).toBeUndefined();
    });

    folderIt('§5, §8 folders: a second create -> 409 AlreadyExists; a stale resourceVersion -> 409 Conflict; delete -> 200 then 404', async () => {
      const body = { apiVersion: `${FOLDER}/${served.folders}`, kind: 'Folder', metadata: { name: u('fc') }, spec: { title: 'AP folder crud' } };
      const created = await t.call('POST', folderPath(), { body });
      expect(created.status).toBe(201);
      t.cleanup('DELETE', folderPath(u('fc')));
      expect(created.json.metadata.generation).toBe(1);
      const again = await t.call('POST', folderPath(), { body });
      expect(again.status).toBe(409);
      expect(again.json).toMatchObject({ kind: 'Status', reason: 'AlreadyExists', message: `folders.${FOLDER} "${u('fc')}" already exists`, code: 409 });
      const renamed = await t.call('PUT', folderPath(u('fc')), { body: { ...created.json, spec: { title: 'AP folder crud 2' } } });
      expect(renamed.status).toBe(200);
      expect(renamed.json.metadata.generation).toBe(2);
      const stale = await t.call('PUT', folderPath(u('fc')), { body: { ...created.json, spec: { title: 'AP folder crud 3' } } });
      expect(stale.status).toBe(409);
      expect(stale.json).toMatchObject({ kind: 'Status', reason: 'Conflict', details: { name: u('fc'), group: FOLDER, kind: 'folders' }, code: 409 });
      expect((await t.call('DELETE', folderPath(u('fc')))).status).toBe(200);
      const gone = await t.call('GET', folderPath(u('fc')));
      expect(gone.status).toBe(404);
      expect(gone.json).toMatchObject({ kind: 'Status', reason: 'NotFound', message: `folders.${FOLDER} "${u('fc')}" not found` });
    });

    folderIt('§2 a folder in a folder: the parent is the grafana.app/folder annotation, the classic parentUid', async () => {
      const body = { apiVersion: `${FOLDER}/${served.folders}`, kind: 'Folder', metadata: { name: u('sub'), annotations: { 'grafana.app/folder': u('f') } }, spec: { title: 'AP sub' } };
      const created = await t.call('POST', folderPath(), { body });
      expect(created.status).toBe(201);
      t.cleanup('DELETE', folderPath(u('sub')));
      expect(created.json.metadata.annotations['grafana.app/folder']).toBe(u('f'));
      expect((await t.call('GET', `/api/folders/${u('sub')}`)).json.parentUid).toBe(u('f'));
    });
  });

  describe('§6 the notification-policy routing tree', () => {
    // Writing the tree changes global state: only on the emulator or a Grafana declared fresh (GRAFANA_CONTRACT_FRESH=1).
    it('§6 user-defined: resourceVersion is a content fingerprint; a stale one -> 409; the classic tree shows the write', async (ctx) => {
      if (!served.routingTrees) ctx.skip('the target serves no notifications.alerting.grafana.app routingtrees');
      if (realGrafana && !freshGrafana) ctx.skip('changes the global policy tree: only on a Grafana declared fresh (GRAFANA_CONTRACT_FRESH=1)');
      const path = `/apis/${NOTIF}/${served.routingTrees}/namespaces/${ns}/routingtrees/user-defined`;
      const tree = await t.call('GET', path);
      expect(tree.status).toBe(200);
      expect(tree.json).toMatchObject({ kind: 'RoutingTree', metadata: { name: 'user-defined' } });
      const receiver = tree.json.spec.defaults.receiver;
      const next = { ...tree.json, spec: { ...tree.json.spec, routes: [{ receiver, matchers: [{ type: '=', label: 'k2', value: t.run }], routes: [] }] } };
      const written = await t.call('PUT', path, { body: next });
      expect(written.status).toBe(200);
      expect(written.json.metadata.resourceVersion).not.toBe(tree.json.metadata.resourceVersion);
      const same = await t.call('PUT', path, { body: { ...next, metadata: written.json.metadata } });
      expect(same.status).toBe(200);
      expect(same.json.metadata.resourceVersion).toBe(written.json.metadata.resourceVersion);
      const stale = await t.call('PUT', path, { body: next });
      expect(stale.status).toBe(409);
      expect(stale.json).toMatchObject({ kind: 'Status', code: 409 });
      expect(stale.json.message).toContain('of routing tree does not match current version');
      const classic = await t.call('GET', '/api/v1/provisioning/policies');
      expect(classic.json.routes).toEqual([expect.objectContaining({ receiver, object_matchers: [['k2', '=', t.run]] })]);
      const restored = await t.call('PUT', path, { body: { ...tree.json, metadata: same.json.metadata } });
      expect(restored.status).toBe(200);
    });
  });
});

describe.skipIf(realGrafana)('app-platform on the emulator at 11.6 (docs/app-platform.md §2)', () => {
  let t: ContractTarget;
  beforeAll(async () => {
    t = await target({ version: '11.6' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('§2 11.x lists dashboard.grafana.app with alpha versions only (register.go 11.x: v0alpha1, v1alpha1, v2alpha1) and no folder or routing-tree group', async () => {
    const res = await t.call('GET', '/apis');
    expect(res.status).toBe(200);
    expect(res.json.groups.map((g: { name: string }) => g.name)).toEqual([DASH]);
    expect(res.json.groups[0].versions.map((v: { version: string }) => v.version)).toEqual(['v0alpha1', 'v1alpha1', 'v2alpha1']);
    expect(await discover(t)).toEqual({});
    expect((await t.call('GET', `/apis/${FOLDER}/v1beta1/namespaces/default/folders`)).status).toBe(404);
  });
});
