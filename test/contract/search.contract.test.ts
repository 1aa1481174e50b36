// Contract: §3 search. Literals from grafana-http-api.md §3; real Grafana: objects unique to the run, cleaned up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atLeast, target, type ContractTarget } from './target.js';

let t: ContractTarget;
let u: (name: string) => string;
beforeAll(async () => {
  t = await target();
  u = (name) => `${t.run}-${name}`;
  expect((await t.call('POST', '/api/folders', { body: { uid: u('sf'), title: `${t.run} Zeta folder` } })).status).toBe(200);
  t.cleanup('DELETE', `/api/folders/${u('sf')}?forceDeleteRules=true`);
  for (const [uid, title, folderUid, tags] of [
    [u('d1'), `${t.run} alpha dash`, u('sf'), ['k2', 'degradation']],
    [u('d2'), `${t.run} Beta dash`, '', ['k2']],
  ] as const) {
    expect((await t.call('POST', '/api/dashboards/db', { body: { dashboard: { uid, title, tags }, folderUid } })).status).toBe(200);
    t.cleanup('DELETE', `/api/dashboards/uid/${uid}`);
  }
});
afterAll(async () => {
  await t.close();
});

describe('§3 GET /api/search', () => {
  it('§3 ordering without sort: folders before dashboards, then lower-cased title', async () => {
    const res = await t.call('GET', '/api/search', { query: { query: t.run } });
    expect(res.status).toBe(200);
    expect(res.json.map((h: { uid: string }) => h.uid)).toEqual([u('sf'), u('d1'), u('d2')]);
    expect(res.json.map((h: { type: string }) => h.type)).toEqual(['dash-folder', 'dash-db', 'dash-db']);
  });

  it('§3 hits: uri "db/<slug>", url "/d/<uid>/<slug>"; root items have no folder* keys, nested ones do', async () => {
    const res = await t.call('GET', '/api/search', { query: { query: t.run, type: 'dash-db' } });
    const [inFolder, atRoot] = res.json;
    expect(inFolder).toMatchObject({ uid: u('d1'), type: 'dash-db', folderUid: u('sf'), folderTitle: `${t.run} Zeta folder` });
    expect(inFolder.url).toBe(`/d/${u('d1')}/${t.run}-alpha-dash`);
    expect(atRoot.uid).toBe(u('d2'));
    for (const key of ['folderId', 'folderUid', 'folderTitle', 'folderUrl']) expect(atRoot).not.toHaveProperty(key);
  });

  it('§3, §14.6 tag filters: all-of in legacy SQL search; in 12.x and later any-of (unified search) or all-of, by storage mode', async () => {
    const res = await t.call('GET', '/api/search', { query: { query: t.run, tag: ['k2', 'degradation'] } });
    const uids = res.json.map((h: { uid: string }) => h.uid);
    if (atLeast(t.version, '12.3')) expect([[u('d1')], [u('d1'), u('d2')]]).toContainEqual(uids);
    else expect(uids).toEqual([u('d1')]);
  });

  it('§3 dashboardUIDs and folderUIDs filters', async () => {
    const byUid = await t.call('GET', '/api/search', { query: { dashboardUIDs: u('d2') } });
    expect(byUid.json.map((h: { uid: string }) => h.uid)).toEqual([u('d2')]);
    const inFolder = await t.call('GET', '/api/search', { query: { folderUIDs: u('sf'), type: 'dash-db' } });
    expect(inFolder.json.map((h: { uid: string }) => h.uid)).toEqual([u('d1')]);
  });

  it('§3 limit above 5000 -> 422 with the exact message', async () => {
    const res = await t.call('GET', '/api/search', { query: { limit: '5001' } });
    expect(res.status).toBe(422);
    expect(res.json.message).toBe('Limit is above maximum allowed (5000), use page parameter to access hits beyond limit');
  });
});
