// The emulator's app-platform routes where a contract test cannot reach a real Grafana's setup: Grafana's page size and
// byte cap (docs/app-platform.md §3), faults and the request log on /apis, orgs and RBAC, the dual-writer edges (§7),
// the routing-tree conversion (§6) and the options of README "App-platform".
import { afterEach, describe, expect, it } from 'vitest';
import { defaultAdminToken, startEmulator, type Emulator, type EmulatorOptions } from './emulator.js';
import { fingerprint, specOfPolicy } from './app-platform/routing-tree.js';
import { parseLabelSelector } from './app-platform/list.js';
import { parseNamespace } from './app-platform/objects.js';
import type { DashboardRecord } from './state.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});
async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  emu = await startEmulator({ seed: 7, ...options });
  return emu;
}
async function call(e: Emulator, method: string, path: string, body?: unknown, auth = `Bearer ${e.adminToken}`): Promise<{ status: number; json: any }> {
  const res = await fetch(`${e.url}${path}`, { method, headers: { Authorization: auth, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}
const DASHBOARDS = '/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards';
const FOLDERS = '/apis/folder.grafana.app/v1beta1/namespaces/default/folders';

function seed(e: Emulator, count: number, padding = 0): void {
  for (let i = 0; i < count; i++) {
    const uid = `d${String(i).padStart(4, '0')}`;
    const record: DashboardRecord = {
      id: 1000 + i, uid, title: `D ${i}`, folderUid: '', json: { id: 1000 + i, uid, title: `D ${i}`, version: 1, pad: 'x'.repeat(padding) }, version: 1, tags: [],
      created: '2026-01-01T00:00:00Z', updated: '2026-01-01T00:00:00Z', createdBy: 'admin', updatedBy: 'admin', versions: [],
    };
    e.state.dashboards.set(uid, record);
  }
}

describe('§3 paging at Grafana\'s page size (server.go List: limit < 1 -> 50; 2 MiB per page)', () => {
  it('no limit -> pages of 50 with continue, 120 dashboards in 3 pages and 3 requests', async () => {
    const e = await start();
    seed(e, 120);
    e.clearLog();
    const sizes: number[] = [];
    let token = '';
    do {
      const res = await call(e, 'GET', `${DASHBOARDS}${token ? `?continue=${token}` : ''}`);
      sizes.push(res.json.items.length);
      token = res.json.metadata.continue ?? '';
    } while (token);
    expect(sizes).toEqual([50, 50, 20]);
    expect(e.requests.filter((r) => r.path === DASHBOARDS)).toHaveLength(3);
  });

  it('limit is honoured above 50 until the byte cap ends the page first', async () => {
    const e = await start({ appPlatform: { maxPageBytes: 50_000 } });
    seed(e, 30, 4_000);
    const big = await call(e, 'GET', `${DASHBOARDS}?limit=500`);
    // Each item is a little over 4 kB: the page closes on the item that crosses 50 kB.
    expect(big.json.items.length).toBeGreaterThan(5);
    expect(big.json.items.length).toBeLessThan(30);
    expect(big.json.metadata.continue).toBeTruthy();
    const e2 = await start({ appPlatform: { defaultPageSize: 7 } });
    seed(e2, 10);
    expect((await call(e2, 'GET', DASHBOARDS)).json.items).toHaveLength(7);
    await e2.close();
  });

  it('a continue token that is not one of ours -> 400 Status', async () => {
    const e = await start();
    const res = await call(e, 'GET', `${DASHBOARDS}?continue=not-a-token`);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
  });
});

describe('faults and the request log cover /apis as they cover /api', () => {
  it('scripted, 5xx and reset faults apply; the log records status and fault', async () => {
    const e = await start();
    e.queueFaults({ kind: 'status', status: 503, path: '/apis/' });
    expect((await call(e, 'GET', DASHBOARDS)).status).toBe(503);
    e.setFaults({ errorRate: 1, errorStatus: 500, paths: ['/apis'] });
    expect((await call(e, 'GET', DASHBOARDS)).status).toBe(500);
    e.setFaults({ resetRate: 1, paths: ['/apis'] });
    await expect(call(e, 'GET', '/apis')).rejects.toThrow();
    e.clearFaults();
    expect((await call(e, 'GET', '/apis')).status).toBe(200);
    const logged = e.requests.filter((r) => r.path.startsWith('/apis'));
    expect(logged.map((r) => [r.status, r.fault])).toEqual([[503, 'scripted'], [500, '5xx'], [0, 'reset'], [200, undefined]]);
  });

  it('post-commit loss applies an app-platform write, then drops the response', async () => {
    const e = await start();
    e.queueFaults({ kind: 'post-commit-loss', method: 'POST', path: '/apis/' });
    await expect(call(e, 'POST', DASHBOARDS, { metadata: { name: 'lost' }, spec: { title: 'Lost' } })).rejects.toThrow();
    expect(e.state.dashboards.get('lost')?.title).toBe('Lost');
  });
});

describe('§4 namespaces and RBAC', () => {
  it('a token of org 2 reads org-2, not default; a server admin (basic auth) reads both', async () => {
    const e = await start({ orgs: [1, 2], tokens: { [defaultAdminToken]: { role: 'Admin' }, glsa_org2: { role: 'Admin', orgId: 2 } } });
    seed(e, 1);
    const org2 = '/apis/dashboard.grafana.app/v1beta1/namespaces/org-2/dashboards';
    expect((await call(e, 'GET', org2, undefined, 'Bearer glsa_org2')).status).toBe(200);
    const denied = await call(e, 'GET', DASHBOARDS, undefined, 'Bearer glsa_org2');
    expect(denied.status).toBe(403);
    expect(denied.json.message).toContain('in the namespace "default": invalid org');
    const basic = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
    expect((await call(e, 'GET', DASHBOARDS, undefined, basic)).json.items).toHaveLength(1);
    expect((await call(e, 'GET', org2, undefined, basic)).json.items).toHaveLength(0);
    expect((await call(e, 'GET', '/apis/dashboard.grafana.app/v1beta1/namespaces/stacks-12/dashboards')).json.message).toMatch(/: invalid namespace$/);
  });

  it('a Viewer lists but may not create: 403 Status naming the missing action (reason text UNVERIFIED)', async () => {
    const e = await start({ tokens: { glsa_viewer: { role: 'Viewer' } } });
    expect((await call(e, 'GET', DASHBOARDS, undefined, 'Bearer glsa_viewer')).status).toBe(200);
    const res = await call(e, 'POST', DASHBOARDS, { metadata: { name: 'v' }, spec: { title: 'V' } }, 'Bearer glsa_viewer');
    expect(res.status).toBe(403);
    expect(res.json.message).toMatch(/cannot create resource "dashboards" .*: missing permission dashboards:create$/);
  });

  it('ParseNamespace: default, org-N, stacks-N; org-1 refused', () => {
    expect(parseNamespace('default')).toEqual({ orgId: 1 });
    expect(parseNamespace('org-7')).toEqual({ orgId: 7 });
    expect(parseNamespace('stacks-12')).toEqual({ orgId: 1, stackId: 12 });
    expect(parseNamespace('org-1')).toEqual({ error: 'use default rather than org-1' });
    expect(parseNamespace('prod')).toHaveProperty('error');
  });

  it('/api/frontend/settings names the caller\'s namespace', async () => {
    const e = await start({ orgs: [1, 3], tokens: { [defaultAdminToken]: { role: 'Admin' }, glsa_o3: { role: 'Editor', orgId: 3 } } });
    expect((await call(e, 'GET', '/api/frontend/settings')).json.namespace).toBe('default');
    expect((await call(e, 'GET', '/api/frontend/settings', undefined, 'Bearer glsa_o3')).json.namespace).toBe('org-3');
  });
});

describe('§5, §7 writes', () => {
  it('PUT to a missing name creates it (AllowCreateOnUpdate), generation 1; delete preconditions with a stale resourceVersion -> 409', async () => {
    const e = await start();
    const put = await call(e, 'PUT', `${DASHBOARDS}/fresh`, { metadata: { name: 'fresh' }, spec: { title: 'Fresh' } });
    expect(put.status).toBe(201);
    expect(put.json.metadata.generation).toBe(1);
    const del = await call(e, 'DELETE', `${DASHBOARDS}/fresh`, { preconditions: { resourceVersion: '1' } });
    expect(del.status).toBe(409);
    expect(del.json.message).toContain('Precondition failed: ResourceVersion in precondition: 1');
    expect((await call(e, 'DELETE', `${DASHBOARDS}/fresh`, { preconditions: { resourceVersion: put.json.metadata.resourceVersion } })).status).toBe(200);
  });

  it('a classic save drops app-platform labels (option classicSaveDropsMetadata, default on); with it off they survive', async () => {
    for (const drop of [true, false]) {
      const e = await start({ appPlatform: { classicSaveDropsMetadata: drop } });
      await call(e, 'POST', DASHBOARDS, { metadata: { name: 'm', labels: { owner: 'k2' } }, spec: { title: 'M' } });
      const classic = await call(e, 'GET', '/api/dashboards/uid/m');
      expect((await call(e, 'POST', '/api/dashboards/db', { dashboard: classic.json.dashboard })).status).toBe(200);
      const labels = (await call(e, 'GET', `${DASHBOARDS}/m`)).json.metadata.labels;
      expect(labels.owner).toBe(drop ? undefined : 'k2');
      await e.close();
    }
  });

  it('a body for another version or kind -> 400; Grafana\'s computed annotations are not stored from the client', async () => {
    const e = await start();
    const wrong = await call(e, 'POST', DASHBOARDS, { apiVersion: 'dashboard.grafana.app/v0alpha1', kind: 'Dashboard', metadata: { name: 'w' }, spec: { title: 'W' } });
    expect(wrong.status).toBe(400);
    expect(wrong.json.message).toBe('the API version in the data (dashboard.grafana.app/v0alpha1) does not match the expected API version (dashboard.grafana.app/v1beta1)');
    const res = await call(e, 'POST', DASHBOARDS, { metadata: { name: 'c', annotations: { 'grafana.app/createdBy': 'user:mallory' } }, spec: { title: 'C' } });
    expect(res.json.metadata.annotations['grafana.app/createdBy']).toBe('user:sa-emulator');
  });

  it('a dashboard move (folder annotation) keeps the generation; the classic record follows the folder', async () => {
    const e = await start();
    for (const name of ['a', 'b']) await call(e, 'POST', FOLDERS, { metadata: { name }, spec: { title: name } });
    const created = (await call(e, 'POST', DASHBOARDS, { metadata: { name: 'mv', annotations: { 'grafana.app/folder': 'a' } }, spec: { title: 'Mv' } })).json;
    const moved = await call(e, 'PUT', `${DASHBOARDS}/mv`, { ...created, metadata: { ...created.metadata, annotations: { 'grafana.app/folder': 'b' } } });
    expect(moved.json.metadata.generation).toBe(1);
    expect(moved.json.metadata.resourceVersion).not.toBe(created.metadata.resourceVersion);
    expect(e.state.dashboards.get('mv')?.folderUid).toBe('b');
  });

  it('a manager-kind change: 13.1 names both managers with a ResourceManagerKindConflict cause; 12.3 sends the short text', async () => {
    for (const [version, text] of [['13.1', /^Cannot change resource manager kind from "kubectl" \(identity "k2"\) to "terraform"/], ['12.3', /^Cannot change resource manager kind; remove/]] as const) {
      const e = await start({ version });
      const path = version === '13.1' ? '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards' : DASHBOARDS;
      const created = (await call(e, 'POST', path, { metadata: { name: 'k', annotations: { 'grafana.app/managedBy': 'kubectl', 'grafana.app/managerId': 'k2' } }, spec: { title: 'K' } })).json;
      const res = await call(e, 'PUT', `${path}/k`, { ...created, metadata: { ...created.metadata, annotations: { 'grafana.app/managedBy': 'terraform', 'grafana.app/managerId': 'k2' } } });
      expect(res.status).toBe(403);
      expect(res.json.message).toMatch(text);
      expect(Boolean(res.json.details.causes)).toBe(version === '13.1');
      // Removing a kubectl manager is allowed (managed.go: the old manager's check passes).
      const released = await call(e, 'PUT', `${path}/k`, { ...created, metadata: { ...created.metadata, annotations: {} } });
      expect(released.status).toBe(200);
      await e.close();
    }
  });

  it('strict.migrateSchemaOnRead (§14.12, an option) raises a lower stored schemaVersion on app-platform reads too; the store keeps it', async () => {
    const e = await start({ version: '13.1', strict: { migrateSchemaOnRead: 43 } });
    const path = '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards';
    await call(e, 'POST', path, { metadata: { name: 's' }, spec: { title: 'S', schemaVersion: 42 } });
    expect((await call(e, 'GET', `${path}/s`)).json.spec.schemaVersion).toBe(43);
    expect((await call(e, 'GET', path)).json.items[0].spec.schemaVersion).toBe(43);
    expect(e.state.dashboards.get('s')?.json.schemaVersion).toBe(42);
  });

  it('a dashboard stored at v0alpha1 (a 12.x classic save) read at v1 after an upgrade: schemaVersion migrated to 43, status.conversion says so; classic GET too', async () => {
    const e = await start({ version: '13.1' });
    seed(e, 1);
    const stored = e.state.dashboards.get('d0000')!;
    Object.assign(stored, { storedVersion: 'v0alpha1' });
    stored.json.schemaVersion = 42;
    const got = (await call(e, 'GET', '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards/d0000')).json;
    expect(got.spec.schemaVersion).toBe(43);
    expect(got.status).toEqual({ conversion: { failed: false, storedVersion: 'v0alpha1' } });
    expect((await call(e, 'GET', '/api/dashboards/uid/d0000')).json.dashboard.schemaVersion).toBe(43);
    expect(stored.json.schemaVersion).toBe(42);
    // A 13.1 classic save stores at v1: read at v1, nothing converts.
    await call(e, 'POST', '/api/dashboards/db', { dashboard: { uid: 'fresh', title: 'Fresh', schemaVersion: 42 } });
    const fresh = (await call(e, 'GET', '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards/fresh')).json;
    expect([fresh.spec.schemaVersion, fresh.status]).toEqual([42, {}]);
  });

  it('12.3: a classic save is stored at v0alpha1; its v1beta1 read converts (status.conversion) and raises a lower schemaVersion to 42 only', async () => {
    const e = await start({ version: '12.3' });
    for (const [uid, schemaVersion] of [['old', 39], ['cur', 42]] as const) await call(e, 'POST', '/api/dashboards/db', { dashboard: { uid, title: uid, schemaVersion } });
    const read = async (uid: string) => (await call(e, 'GET', `${DASHBOARDS}/${uid}`)).json;
    expect((await read('old')).spec.schemaVersion).toBe(42);
    expect((await read('cur')).spec.schemaVersion).toBe(42);
    expect((await read('cur')).status.conversion).toEqual({ failed: false, storedVersion: 'v0alpha1' });
    // 12.x's classic GET reads through v0alpha1: no conversion there.
    expect((await call(e, 'GET', '/api/dashboards/uid/old')).json.dashboard.schemaVersion).toBe(39);
    // Written through v1beta1, read through v1beta1: stored there, nothing converts.
    const created = (await call(e, 'POST', DASHBOARDS, { metadata: { name: 'ap' }, spec: { title: 'AP', schemaVersion: 41 } })).json;
    expect([created.spec.schemaVersion, created.status]).toEqual([41, {}]);
  });

  it('a repo-managed object cannot be written by an API client (managed.go errResourceIsManagedInRepository)', async () => {
    const e = await start();
    const res = await call(e, 'POST', DASHBOARDS, { metadata: { name: 'r', annotations: { 'grafana.app/managedBy': 'repo', 'grafana.app/managerId': 'git' } }, spec: { title: 'R' } });
    expect(res.status).toBe(403);
    expect(res.json.message).toBe('this resource is managed by a repository');
  });

  it('a file-provisioned dashboard reads as classic-file-provisioning and cannot be deleted (validateDelete)', async () => {
    const e = await start();
    seed(e, 1);
    e.state.dashboards.get('d0000')!.provisioned = true;
    const got = await call(e, 'GET', `${DASHBOARDS}/d0000`);
    expect(got.json.metadata.annotations['grafana.app/managedBy']).toBe('classic-file-provisioning');
    const del = await call(e, 'DELETE', `${DASHBOARDS}/d0000`);
    expect(del.status).toBe(400);
    expect(del.json.message).toBe('provisioned dashboard cannot be deleted');
  });

  it('folders: a move (annotation change) keeps the generation; deleting a folder deletes its dashboards', async () => {
    const e = await start();
    for (const name of ['a', 'b']) await call(e, 'POST', FOLDERS, { metadata: { name }, spec: { title: name.toUpperCase() } });
    await call(e, 'POST', DASHBOARDS, { metadata: { name: 'in-b', annotations: { 'grafana.app/folder': 'b' } }, spec: { title: 'In B' } });
    const b = (await call(e, 'GET', `${FOLDERS}/b`)).json;
    const moved = await call(e, 'PUT', `${FOLDERS}/b`, { ...b, metadata: { ...b.metadata, annotations: { 'grafana.app/folder': 'a' } } });
    expect(moved.json.metadata.generation).toBe(1);
    expect(e.state.folders.get('b')?.parentUid).toBe('a');
    expect((await call(e, 'DELETE', `${FOLDERS}/a`)).status).toBe(200);
    expect(e.state.folders.size).toBe(0);
    expect(e.state.dashboards.has('in-b')).toBe(false);
  });
});

describe('§6 routing tree conversion, §9 discovery options', () => {
  it('the classic tree and the app-platform spec convert both ways; the fingerprint ignores provenance and key order', async () => {
    const e = await start();
    e.state.policy = { receiver: 'grafana-default-email', group_by: ['alertname'], routes: [{ receiver: 'grafana-default-email', object_matchers: [['team', '=~', 'k2|k3']], continue: true }] };
    const path = '/apis/notifications.alerting.grafana.app/v0alpha1/namespaces/default/routingtrees/user-defined';
    const got = await call(e, 'GET', path);
    expect(got.json.spec).toEqual(specOfPolicy(e.state.policy));
    expect(got.json.spec.routes[0]).toEqual({ receiver: 'grafana-default-email', matchers: [{ type: '=~', label: 'team', value: 'k2|k3' }], continue: true, routes: [] });
    const put = await call(e, 'PUT', path, got.json);
    expect(put.status).toBe(200);
    expect(e.state.policy.routes?.[0].object_matchers).toEqual([['team', '=~', 'k2|k3']]);
    expect(put.json.metadata.resourceVersion).toBe(got.json.metadata.resourceVersion);
    expect(fingerprint({ group_by: ['x'], receiver: 'r' })).toBe(fingerprint({ receiver: 'r', group_by: ['x'], provenance: 'api' }));
    expect(fingerprint({ receiver: 'r' })).not.toBe(fingerprint({ receiver: 's' }));
    const bad = await call(e, 'PUT', path, { ...got.json, spec: { defaults: { receiver: 'nobody' }, routes: [] } });
    expect(bad.status).toBe(400);
    expect((await call(e, 'POST', '/apis/notifications.alerting.grafana.app/v0alpha1/namespaces/default/routingtrees', got.json)).status).toBe(405);
  });

  it('appPlatform.enabled false: /apis lists no group and the resources answer 404', async () => {
    const e = await start({ appPlatform: { enabled: false } });
    expect((await call(e, 'GET', '/apis')).json).toEqual({ kind: 'APIGroupList', apiVersion: 'v1', groups: [] });
    expect((await call(e, 'GET', DASHBOARDS)).status).toBe(404);
  });

  it('other /apis paths get the apiserver\'s 404 Status, not the classic body; PATCH says it is not emulated', async () => {
    const e = await start();
    for (const path of ['/apis/dashboard.grafana.app/v1beta1/dashboards', '/apis/nothing.grafana.app', '/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards/x/dto']) {
      const res = await call(e, 'GET', path);
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'the server could not find the requested resource' });
    }
    expect((await call(e, 'PATCH', `${DASHBOARDS}/x`, {})).status).toBe(405);
  });

  it('v2 dashboard versions are listed but not emulated: 404 Status saying so', async () => {
    const e = await start();
    const res = await call(e, 'GET', '/apis/dashboard.grafana.app/v2beta1/namespaces/default/dashboards');
    expect(res.status).toBe(404);
    expect(res.json.message).toContain('does not emulate dashboard.grafana.app/v2beta1');
  });

  it('fieldSelector metadata.name (GetAttrs): selects one object; another field -> 400', async () => {
    const e = await start();
    seed(e, 3);
    const res = await call(e, 'GET', `${DASHBOARDS}?fieldSelector=metadata.name%3Dd0001`);
    expect(res.json.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['d0001']);
    expect((await call(e, 'GET', `${DASHBOARDS}?fieldSelector=metadata.name!%3Dd0001`)).json.items).toHaveLength(2);
    const bad = await call(e, 'GET', `${DASHBOARDS}?fieldSelector=spec.title%3Dx`);
    expect(bad.status).toBe(400);
    expect(bad.json.message).toBe('field label not supported: spec.title');
  });

  it('labelSelector syntax (k8s labels.Parse): =, ==, !=, in, notin, exists, !exists; a malformed one is an error', () => {
    const sel = parseLabelSelector('a=1,b!=2,c in (x,y),!d,e');
    expect(typeof sel).not.toBe('string');
    const match = (l: Record<string, string>) => (sel as Array<(x: Record<string, string>) => boolean>).every((s) => s(l));
    expect(match({ a: '1', b: '3', c: 'y', e: '' })).toBe(true);
    expect(match({ a: '1', b: '2', c: 'y', e: '' })).toBe(false);
    expect(match({ a: '1', c: 'x', d: 'z', e: '' })).toBe(false);
    expect(parseLabelSelector('a = = b')).toBeTypeOf('string');
  });
});
