// Contract: §8 annotations. Literals from grafana-http-api.md §8; real Grafana: every annotation carries a run tag and is deleted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realGrafana, target, traceID, type ContractTarget } from './target.js';

let t: ContractTarget;
let tag: string;
let dashUid: string;
beforeAll(async () => {
  t = await target();
  tag = `run:${t.run}`;
  dashUid = `${t.run}-annot`;
  const dash = await t.call('POST', '/api/dashboards/db', { body: { dashboard: { uid: dashUid, title: `${t.run} annotations` } } });
  expect(dash.status).toBe(200);
  t.cleanup('DELETE', `/api/dashboards/uid/${dashUid}`);
});
afterAll(async () => {
  await t.close();
});
const post = async (body: Record<string, unknown>, path = '/api/annotations') => {
  const res = await t.call('POST', path, { body });
  if (res.status === 200) t.cleanup('DELETE', `/api/annotations/${res.json.id}`);
  return res;
};
const byId = async (id: number) => (await t.call('GET', '/api/annotations', { query: { tags: tag, limit: '1000' } })).json.find((a: { id: number }) => a.id === id);

describe('§8 annotations', () => {
  it('§8 POST -> 200 {"message":"Annotation added","id":<int>}', async () => {
    const res = await post({ text: 'lag injected', tags: [tag, 'scenario:lag'], time: 1_750_000_000_000, dashboardUID: dashUid, panelId: 2 });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ message: 'Annotation added', id: expect.any(Number) });
    const a = await byId(res.json.id);
    expect(a).toMatchObject({ text: 'lag injected', dashboardUID: dashUid, panelId: 2, time: 1_750_000_000_000, timeEnd: 1_750_000_000_000 });
  });

  it('§8 POST empty text -> 400 {"message":"Failed to save annotation","traceID":""}', async () => {
    const res = await post({ text: '', tags: [tag] });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ message: 'Failed to save annotation', traceID });
  });

  it('§8 time defaults: time 0 -> now; timeEnd < time -> swapped (a region)', async () => {
    const before = Date.now() - 60_000;
    const now = await post({ text: 'now', tags: [tag] });
    const a = await byId(now.json.id);
    expect(a.time).toBeGreaterThanOrEqual(before);
    expect(a.timeEnd).toBe(a.time);
    const swapped = await post({ text: 'region', tags: [tag], time: 2_000_000, timeEnd: 1_000_000 });
    expect(await byId(swapped.json.id)).toMatchObject({ time: 1_000_000, timeEnd: 2_000_000 });
  });

  it('§8 an unknown dashboardUID is ignored: the annotation is org-wide', async () => {
    const res = await post({ text: 'org-wide', tags: [tag], dashboardUID: `${t.run}-no-such-dashboard` });
    expect(res.status).toBe(200);
    const a = await byId(res.json.id);
    expect(a.dashboardId).toBe(0);
  });

  it('§8 GET tags: all must match unless matchAny=true; from/to overlap; newest first', async () => {
    const one = await post({ text: 'one', tags: [tag, 'k:a'], time: 10_000, timeEnd: 20_000 });
    const two = await post({ text: 'two', tags: [tag, 'k:b'], time: 30_000 });
    const all = await t.call('GET', '/api/annotations', { query: { tags: [tag, 'k:a'] } });
    expect(all.json.map((a: { id: number }) => a.id)).toEqual([one.json.id]);
    const any = await t.call('GET', '/api/annotations', { query: { tags: ['k:a', 'k:b'], matchAny: 'true', from: '1', to: '40000' } });
    const ids = any.json.filter((a: { tags: string[] }) => a.tags.includes(tag)).map((a: { id: number }) => a.id);
    expect(ids).toEqual([two.json.id, one.json.id]);
    const window = await t.call('GET', '/api/annotations', { query: { tags: tag, from: '15000', to: '25000' } });
    expect(window.json.map((a: { id: number }) => a.id)).toEqual([one.json.id]);
  });

  it('§8 PATCH changes only the fields sent -> {"message":"Annotation patched"}; PUT replaces -> {"message":"Annotation updated"}', async () => {
    const res = await post({ text: 'open', tags: [tag, 'state:open'], time: 50_000 });
    const patched = await t.call('PATCH', `/api/annotations/${res.json.id}`, { body: { timeEnd: 60_000 } });
    expect(patched.status).toBe(200);
    expect(patched.json).toEqual({ message: 'Annotation patched' });
    expect(await byId(res.json.id)).toMatchObject({ text: 'open', time: 50_000, timeEnd: 60_000, tags: [tag, 'state:open'] });
    const put = await t.call('PUT', `/api/annotations/${res.json.id}`, { body: { text: 'closed', tags: [tag], time: 50_000, timeEnd: 70_000 } });
    expect(put.json).toEqual({ message: 'Annotation updated' });
    expect(await byId(res.json.id)).toMatchObject({ text: 'closed', tags: [tag], timeEnd: 70_000 });
  });

  it('§8 DELETE -> 200 {"message":"Annotation deleted"}', async () => {
    const res = await post({ text: 'gone', tags: [tag] });
    const del = await t.call('DELETE', `/api/annotations/${res.json.id}`);
    expect(del.status).toBe(200);
    expect(del.json).toEqual({ message: 'Annotation deleted' });
    expect(await byId(res.json.id)).toBeUndefined();
  });

  it('§8 graphite: "when" in seconds -> time in ms; text = what + "\\n" + data -> {"message":"Graphite annotation added"}', async () => {
    const res = await post({ what: 'deploy', data: 'v1.2', tags: [tag], when: 1_700_000_000 }, '/api/annotations/graphite');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ message: 'Graphite annotation added', id: expect.any(Number) });
    expect(await byId(res.json.id)).toMatchObject({ text: 'deploy\nv1.2', time: 1_700_000_000_000 });
    const bad = await post({ what: '', tags: [tag] }, '/api/annotations/graphite');
    expect(bad.status).toBe(400);
    expect(bad.json.message).toBe('Failed to save Graphite annotation');
  });

  it.skipIf(realGrafana)('§8 GET with an unknown dashboardUID -> 400 "Invalid dashboard UID in annotation request" (11.x handler; emulator only)', async () => {
    const res = await t.call('GET', '/api/annotations', { query: { dashboardUID: 'nope' } });
    expect(res.status).toBe(400);
    expect(res.json.message).toBe('Invalid dashboard UID in annotation request');
  });
});
