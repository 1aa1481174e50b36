// Contract: §4 folders. Literals from ../shared/reference/grafana-http-api.md §4; real Grafana: unique uids, cleaned up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atLeast, target, traceID, type ContractTarget } from './target.js';

let t: ContractTarget;
let u: (name: string) => string;
beforeAll(async () => {
  t = await target();
  u = (name) => `${t.run}-${name}`;
});
afterAll(async () => {
  await t.close();
});
const create = async (uid: string, title: string, parentUid?: string) => {
  const res = await t.call('POST', '/api/folders', { body: { uid, title, ...(parentUid ? { parentUid } : {}) } });
  if (res.status === 200 && !parentUid) t.cleanup('DELETE', `/api/folders/${uid}?forceDeleteRules=true`);
  return res;
};

describe('§4 folders', () => {
  it('§4 POST: 200 Folder DTO with the given uid, url /dashboards/f/<uid>/<slug> and version', async () => {
    const res = await create(u('a'), 'Contract Folder A');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ uid: u('a'), title: 'Contract Folder A', url: `/dashboards/f/${u('a')}/contract-folder-a` });
    expect(typeof res.json.id).toBe('number');
    expect(typeof res.json.version).toBe('number');
  });

  it('§4 POST: the uid is generated when omitted', async () => {
    const res = await t.call('POST', '/api/folders', { body: { title: `${t.run} generated` } });
    expect(res.status).toBe(200);
    expect(res.json.uid).toMatch(/^[a-zA-Z0-9\-_]{1,40}$/);
    t.cleanup('DELETE', `/api/folders/${res.json.uid}?forceDeleteRules=true`);
  });

  it('§4 POST: empty title -> 400 "folder title cannot be empty"', async () => {
    const res = await t.call('POST', '/api/folders', { body: { uid: u('empty'), title: '  ' } });
    expect(res.status).toBe(400);
    expect(res.json.message).toBe('folder title cannot be empty');
  });

  it('§4 POST: illegal uid characters -> 400 "uid contains illegal characters"; 41 chars -> "uid too long, max 40 characters"', async () => {
    const bad = await t.call('POST', '/api/folders', { body: { uid: 'has space!', title: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toBe('uid contains illegal characters');
    const long = await t.call('POST', '/api/folders', { body: { uid: 'x'.repeat(41), title: 'x' } });
    expect(long.status).toBe(400);
    expect(long.json.message).toBe('uid too long, max 40 characters');
  });

  it('§4, §14.9 POST: duplicate uid -> 409 (13.x); in 12.x 412 version-mismatch (unified storage) or 409 (legacy store), either', async () => {
    await create(u('dup'), 'Dup');
    const res = await t.call('POST', '/api/folders', { body: { uid: u('dup'), title: 'Dup again' } });
    if (atLeast(t.version, '13.1')) {
      expect(res.status).toBe(409);
      expect(res.json.message).toBe('a folder with the same UID already exists');
    } else if (atLeast(t.version, '12.3')) {
      // Grafana's answer depends on its storage mode, which a contract test must not pin.
      expect([409, 412]).toContain(res.status);
      if (res.status === 412) expect(res.json).toEqual({ status: 'version-mismatch', message: 'the folder has been changed by someone else' });
    } else {
      expect(res.status).toBe(409);
    }
  });

  it('§4 name uniqueness: two folders with the same title are both accepted (Grafana >= 11.3)', async () => {
    expect((await create(u('same1'), `${t.run} Same title`)).status).toBe(200);
    expect((await create(u('same2'), `${t.run} Same title`)).status).toBe(200);
  });

  it('§4 GET /api/folders/:uid: 404 {"status":"not-found","message":"folder not found"}', async () => {
    const res = await t.call('GET', `/api/folders/${u('missing')}`);
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ status: 'not-found', message: 'folder not found' });
  });

  it('§4 nested: parentUid and parents (root -> parent) on the child; GET /api/folders lists direct children only', async () => {
    await create(u('p'), 'Parent');
    expect((await create(u('c'), 'Child', u('p'))).status).toBe(200);
    expect((await create(u('g'), 'Grandchild', u('c'))).status).toBe(200);
    const child = await t.call('GET', `/api/folders/${u('g')}`);
    expect(child.json.parentUid).toBe(u('c'));
    expect(child.json.parents.map((p: { uid: string }) => p.uid)).toEqual([u('p'), u('c')]);
    const list = await t.call('GET', '/api/folders', { query: { parentUid: u('p') } });
    expect(list.json.map((f: { uid: string }) => f.uid)).toEqual([u('c')]);
    const root = await t.call('GET', '/api/folders');
    expect(root.json.map((f: { uid: string }) => f.uid)).not.toContain(u('c'));
  });

  it('§4 POST: a missing parent -> 404 {"status":"not-found","message":"folder not found"}', async () => {
    const res = await t.call('POST', '/api/folders', { body: { uid: u('orphan'), title: 'Orphan', parentUid: u('nope') } });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ status: 'not-found', message: 'folder not found' });
  });

  it('§4 MaxNestedFolderDepth = 4: a fifth level -> 400 "[folder.maximum-depth-reached] Maximum nested folder depth reached"', async () => {
    await create(u('d1'), 'D1');
    expect((await create(u('d2'), 'D2', u('d1'))).status).toBe(200);
    expect((await create(u('d3'), 'D3', u('d2'))).status).toBe(200);
    expect((await create(u('d4'), 'D4', u('d3'))).status).toBe(200);
    const res = await create(u('d5'), 'D5', u('d4'));
    expect(res.status).toBe(400);
    expect(res.json.message).toBe('[folder.maximum-depth-reached] Maximum nested folder depth reached');
  });

  it('§4 PUT: stale version -> 412 {"status":"version-mismatch","message":"the folder has been changed by someone else"}; current version -> 200', async () => {
    const created = await create(u('put'), 'Put');
    const stale = await t.call('PUT', `/api/folders/${u('put')}`, { body: { title: 'Put 2', version: created.json.version + 5 } });
    expect(stale.status).toBe(412);
    expect(stale.json).toEqual({ status: 'version-mismatch', message: 'the folder has been changed by someone else' });
    const ok = await t.call('PUT', `/api/folders/${u('put')}`, { body: { title: 'Put 2', version: created.json.version } });
    expect(ok.status).toBe(200);
    expect(ok.json.title).toBe('Put 2');
  });

  it('§4 move: POST /:uid/move re-parents; moving under its own descendant -> 400 folder.circular-reference', async () => {
    await create(u('m1'), 'M1');
    await create(u('m2'), 'M2');
    const moved = await t.call('POST', `/api/folders/${u('m2')}/move`, { body: { parentUid: u('m1') } });
    expect(moved.status).toBe(200);
    expect(moved.json.parentUid).toBe(u('m1'));
    const circular = await t.call('POST', `/api/folders/${u('m1')}/move`, { body: { parentUid: u('m2') } });
    expect(circular.status).toBe(400);
  });

  it('§4 DELETE: 200, and the folder with its dashboards is gone', async () => {
    await create(u('del'), 'Del');
    const dash = await t.call('POST', '/api/dashboards/db', { body: { dashboard: { uid: u('del-d'), title: 'In del' }, folderUid: u('del') } });
    expect(dash.status).toBe(200);
    const res = await t.call('DELETE', `/api/folders/${u('del')}`, { query: { forceDeleteRules: 'true' } });
    expect(res.status).toBe(200);
    expect((await t.call('GET', `/api/folders/${u('del')}`)).status).toBe(404);
    expect((await t.call('GET', `/api/dashboards/uid/${u('del-d')}`)).json).toEqual({ message: 'Dashboard not found', traceID });
  });
});
