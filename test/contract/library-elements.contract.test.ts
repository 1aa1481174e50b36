// Contract: library panels (docs/grafana.md "Library panels"), from Grafana's pkg/services/libraryelements/api.go
// (createHandler, getHandler, patchHandler, deleteHandler, getConnectionsHandler, toLibraryElementError) and
// libraryelements/model/model.go (the error messages).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { target, type ContractTarget } from './target.js';

let t: ContractTarget;
beforeAll(async () => {
  t = await target();
});
afterAll(async () => {
  await t.close();
});
const LE = '/api/library-elements';

async function create(uid: string, name: string) {
  const res = await t.call('POST', LE, { body: { uid, name, kind: 1, model: { type: 'stat', title: name } } });
  if (res.status === 200) t.cleanup('DELETE', `${LE}/${uid}`);
  return res;
}

describe('library elements', () => {
  it('createHandler -> 200 {result}; the model gains "description" (syncFieldsWithModel); a taken uid -> 400', async () => {
    const uid = `${t.run}-lp1`;
    const res = await create(uid, `${t.run} one`);
    expect(res.status).toBe(200);
    expect(res.json.result).toMatchObject({ uid, name: `${t.run} one`, kind: 1, version: 1 });
    expect(res.json.result.model).toMatchObject({ type: 'stat', description: '' });
    const again = await create(uid, `${t.run} other`);
    expect(again.status).toBe(400);
    expect(again.json.message).toBe('library element with that name or UID already exists');
  });

  it('getHandler: a missing uid -> 404 "library element could not be found"', async () => {
    const res = await t.call('GET', `${LE}/${t.run}-none`);
    expect(res.status).toBe(404);
    expect(res.json.message).toBe('library element could not be found');
  });

  it('patchHandler: the stored version -> 200 with version + 1; a stale one -> 412', async () => {
    const uid = `${t.run}-lp2`;
    await create(uid, `${t.run} two`);
    const ok = await t.call('PATCH', `${LE}/${uid}`, { body: { name: `${t.run} two`, kind: 1, version: 1, model: { type: 'stat', title: 'x' } } });
    expect(ok.status).toBe(200);
    expect(ok.json.result.version).toBe(2);
    const stale = await t.call('PATCH', `${LE}/${uid}`, { body: { name: `${t.run} two`, kind: 1, version: 1, model: { type: 'stat' } } });
    expect(stale.status).toBe(412);
    expect(stale.json.message).toBe('the library element has been changed by someone else');
  });

  it('getConnectionsHandler lists the dashboards using it; deleteHandler refuses one with connections (403), then deletes (200)', async () => {
    const uid = `${t.run}-lp3`;
    const name = `${t.run} three`;
    await create(uid, name);
    const dash = `${t.run}-uses`;
    const saved = await t.call('POST', '/api/dashboards/db', { body: { dashboard: { uid: dash, title: dash, panels: [{ id: 1, gridPos: { x: 0, y: 0, w: 6, h: 4 }, libraryPanel: { uid, name } }] } } });
    expect(saved.status).toBe(200);
    const connections = await t.call('GET', `${LE}/${uid}/connections/`);
    expect(connections.status).toBe(200);
    expect(connections.json.result.map((c: { connectionUid: string }) => c.connectionUid)).toEqual([dash]);
    const refused = await t.call('DELETE', `${LE}/${uid}`);
    expect(refused.status).toBe(403);
    expect(refused.json.message).toBe('the library element has connections');
    await t.call('DELETE', `/api/dashboards/uid/${dash}`);
    const deleted = await t.call('DELETE', `${LE}/${uid}`);
    expect(deleted.status).toBe(200);
    expect(deleted.json).toMatchObject({ message: 'Library element deleted' });
  });
});
