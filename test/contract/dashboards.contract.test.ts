// Contract: §5 dashboards. Literals from ../shared/reference/grafana-http-api.md §5; real Grafana: unique uids, cleaned up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atLeast, realGrafana, target, traceID, type ContractTarget } from './target.js';

let t: ContractTarget;
let u: (name: string) => string;
beforeAll(async () => {
  t = await target();
  u = (name) => `${t.run}-${name}`;
  const folder = await t.call('POST', '/api/folders', { body: { uid: u('f'), title: `${t.run} dashboards` } });
  expect(folder.status).toBe(200);
  t.cleanup('DELETE', `/api/folders/${u('f')}?forceDeleteRules=true`);
});
afterAll(async () => {
  await t.close();
});
const save = async (body: Record<string, unknown>) => {
  const res = await t.call('POST', '/api/dashboards/db', { body });
  const uid = res.json?.uid;
  if (res.status === 200 && uid) t.cleanup('DELETE', `/api/dashboards/uid/${uid}`);
  return res;
};

describe('§5.1 POST /api/dashboards/db', () => {
  it('§5.1: a new dashboard -> 200 {status:"success", slug, version:1, id, uid, url:"/d/<uid>/<slug>", folderUid}', async () => {
    const res = await save({ dashboard: { uid: u('new'), title: 'Contract New Dashboard', schemaVersion: 42 }, folderUid: u('f') });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      status: 'success', slug: 'contract-new-dashboard', version: 1, uid: u('new'), url: `/d/${u('new')}/contract-new-dashboard`, folderUid: u('f'),
    });
    expect(typeof res.json.id).toBe('number');
  });

  it('§5.1: each update stores version + 1; the stored JSON keeps schemaVersion verbatim (§12.1)', async () => {
    await save({ dashboard: { uid: u('ver'), title: 'Ver', schemaVersion: 42 }, folderUid: u('f') });
    const second = await save({ dashboard: { uid: u('ver'), title: 'Ver', version: 1, schemaVersion: 42 }, folderUid: u('f') });
    expect(second.json.version).toBe(2);
    const got = await t.call('GET', `/api/dashboards/uid/${u('ver')}`);
    expect(got.json.dashboard).toMatchObject({ uid: u('ver'), version: 2, schemaVersion: 42 });
    expect(got.json.meta).toMatchObject({ type: 'db', version: 2, folderUid: u('f') });
  });

  it('§5.1 6 / §14.4: a stale version -> 412 version-mismatch (11.x, 12.x) or 409 "Dashboard already exists" (13.x saveDashboardViaK8s); overwrite:true saves', async () => {
    await save({ dashboard: { uid: u('stale'), title: 'Stale' }, folderUid: u('f') });
    const res = await save({ dashboard: { uid: u('stale'), title: 'Stale', version: 0 }, folderUid: u('f') });
    if (Number(t.version.split('.')[0]) >= 13) {
      expect(res.status).toBe(409);
      expect(res.json.message).toBe('Dashboard already exists. Use overwrite flag to update.');
    } else {
      expect(res.status).toBe(412);
      expect(res.json).toEqual({ status: 'version-mismatch', message: 'The dashboard has been changed by someone else' });
    }
    const forced = await save({ dashboard: { uid: u('stale'), title: 'Stale', version: 0 }, folderUid: u('f'), overwrite: true });
    expect(forced.status).toBe(200);
    expect(forced.json.version).toBe(2);
  });

  it('§5.1 1: empty title -> 400 {"status":"empty-name","message":"Dashboard title cannot be empty"}', async () => {
    const res = await save({ dashboard: { uid: u('empty'), title: '   ' } });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ status: 'empty-name', message: 'Dashboard title cannot be empty' });
  });

  it('§5.1 2/3: message over 500 chars, illegal uid, uid over 40 chars -> 400 with the reference messages', async () => {
    expect((await save({ dashboard: { uid: u('msg'), title: 'M' }, message: 'x'.repeat(501) })).json.message).toBe('message too long, max 500 characters');
    expect((await save({ dashboard: { uid: 'bad uid!', title: 'M' } })).json.message).toBe('uid contains illegal characters');
    expect((await save({ dashboard: { uid: 'y'.repeat(41), title: 'M' } })).json.message).toBe('uid too long, max 40 characters');
  });

  it('§5.1: isFolder:true -> 400 "Use folders endpoint for saving folders."; no dashboard -> 400 "bad request data"', async () => {
    const folder = await save({ dashboard: { title: 'F' }, isFolder: true });
    expect(folder.status).toBe(400);
    expect(folder.json.message).toBe('Use folders endpoint for saving folders.');
    const bad = await t.call('POST', '/api/dashboards/db', { body: '{not json' });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toBe('bad request data');
  });

  it('§5.1 5: an unknown folderUid -> 400 {"message":"folder not found"}', async () => {
    const res = await save({ dashboard: { uid: u('nof'), title: 'No folder' }, folderUid: u('no-such-folder') });
    expect(res.status).toBe(400);
    expect(res.json.message).toBe('folder not found');
  });

  it('§5.1 6: an unknown dashboard id -> 404 {"status":"not-found","message":"Dashboard not found"}', async () => {
    const res = await save({ dashboard: { id: 987654321, title: 'Ghost' } });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ status: 'not-found', message: 'Dashboard not found' });
  });

  it('§5.1 6 folder move: an update without folderUid moves the dashboard to the root (General)', async () => {
    await save({ dashboard: { uid: u('move'), title: 'Move' }, folderUid: u('f') });
    await save({ dashboard: { uid: u('move'), title: 'Move', version: 1 } });
    const got = await t.call('GET', `/api/dashboards/uid/${u('move')}`);
    expect(got.json.meta).toMatchObject({ folderUid: '', folderTitle: 'General', folderId: 0, folderUrl: '' });
  });

  it('§5.1: duplicate titles in one folder are accepted (the 412 name-exists error is gone since 11.3)', async () => {
    expect((await save({ dashboard: { uid: u('dupa'), title: 'Same Title' }, folderUid: u('f') })).status).toBe(200);
    expect((await save({ dashboard: { uid: u('dupb'), title: 'Same Title' }, folderUid: u('f') })).status).toBe(200);
  });

  it('§5.1 4: refresh shorter than min_refresh_interval (5s) or unparsable is silently rewritten to "5s"', async () => {
    await save({ dashboard: { uid: u('r1'), title: 'R1', refresh: '1s' } });
    await save({ dashboard: { uid: u('r2'), title: 'R2', refresh: 'soon' } });
    await save({ dashboard: { uid: u('r3'), title: 'R3', refresh: '30s' } });
    expect((await t.call('GET', `/api/dashboards/uid/${u('r1')}`)).json.dashboard.refresh).toBe('5s');
    expect((await t.call('GET', `/api/dashboards/uid/${u('r2')}`)).json.dashboard.refresh).toBe('5s');
    expect((await t.call('GET', `/api/dashboards/uid/${u('r3')}`)).json.dashboard.refresh).toBe('30s');
  });

  it.skipIf(realGrafana)('§5.1 8: a file-provisioned dashboard (allowUiUpdates:false) -> 400 "Cannot save provisioned dashboard" (emulator: needs file provisioning)', async () => {
    await save({ dashboard: { uid: 'prov', title: 'Provisioned' } });
    t.emulator!.state.dashboards.get('prov')!.provisioned = true;
    const res = await save({ dashboard: { uid: 'prov', title: 'Provisioned', version: 1 } });
    expect(res.json).toEqual({ message: 'Cannot save provisioned dashboard' });
    const del = await t.call('DELETE', '/api/dashboards/uid/prov');
    expect(del.json).toEqual({ message: 'provisioned dashboard cannot be deleted' });
  });
});

describe('§5.2-5.4 read, delete, versions', () => {
  it('§5.2: GET unknown uid -> 404 {"message":"Dashboard not found","traceID":""}', async () => {
    const res = await t.call('GET', `/api/dashboards/uid/${u('nothing')}`);
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ message: 'Dashboard not found', traceID });
  });

  it('§5.2: GET forces id and version to the stored values; meta.expires is the zero time', async () => {
    const saved = await save({ dashboard: { uid: u('get'), title: 'Get', id: null, version: 99 }, overwrite: true });
    const got = await t.call('GET', `/api/dashboards/uid/${u('get')}`);
    expect(got.json.dashboard.id).toBe(saved.json.id);
    expect(got.json.dashboard.version).toBe(1);
    expect(got.json.meta.expires).toBe('0001-01-01T00:00:00Z');
  });

  it('§5.3: DELETE -> 200 {"title","message":"Dashboard <title> deleted","uid"}', async () => {
    await save({ dashboard: { uid: u('del'), title: 'To Delete' } });
    const res = await t.call('DELETE', `/api/dashboards/uid/${u('del')}`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ title: 'To Delete', message: 'Dashboard To Delete deleted', uid: u('del') });
  });

  it('§5.4: versions newest first; 12.x+ returns {versions, continueToken}, older a bare array; parentVersion 0 -> "Initial save"', async () => {
    await save({ dashboard: { uid: u('hist'), title: 'Hist' } });
    await save({ dashboard: { uid: u('hist'), title: 'Hist', version: 1 }, message: 'second save' });
    const res = await t.call('GET', `/api/dashboards/uid/${u('hist')}/versions`);
    expect(res.status).toBe(200);
    const list = atLeast(t.version, '12.3') ? res.json.versions : res.json;
    if (atLeast(t.version, '12.3')) expect(res.json).toHaveProperty('continueToken');
    else expect(Array.isArray(res.json)).toBe(true);
    expect(list.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(list[0].message).toBe('second save');
    expect(list[1].message).toBe('Initial save');
  });
});
