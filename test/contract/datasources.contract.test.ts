// Contract: §9 datasources. Literals from grafana-http-api.md §9; real Grafana: unique names, cleaned up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realGrafana, target, type ContractTarget } from './target.js';

let t: ContractTarget;
let u: (name: string) => string;
beforeAll(async () => {
  t = await target();
  u = (name) => `${t.run}-${name}`;
});
afterAll(async () => {
  await t.close();
});
const create = async (uid: string, extra: Record<string, unknown> = {}) => {
  const res = await t.call('POST', '/api/datasources', { body: { uid, name: `${t.run} ${uid}`, type: 'prometheus', access: 'proxy', url: 'http://prometheus:9090', ...extra } });
  if (res.status === 200) t.cleanup('DELETE', `/api/datasources/uid/${uid}`);
  return res;
};

describe('§9 datasources', () => {
  it('§9 POST -> 200 {"message":"Datasource added", id, name, datasource: DTO}; secureJsonData shows only in secureJsonFields', async () => {
    const res = await create(u('a'), { secureJsonData: { httpHeaderValue1: 'Bearer not-for-output' } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ message: 'Datasource added', name: `${t.run} ${u('a')}`, datasource: { uid: u('a'), type: 'prometheus', secureJsonFields: { httpHeaderValue1: true } } });
    expect(res.text).not.toContain('not-for-output');
  });

  it('§9 POST same name -> 409 "data source with the same name already exists"', async () => {
    await create(u('b'));
    const res = await t.call('POST', '/api/datasources', { body: { name: `${t.run} ${u('b')}`, type: 'prometheus', access: 'proxy', url: 'http://x:1' } });
    expect(res.status).toBe(409);
    expect(res.json.message).toBe('data source with the same name already exists');
  });

  it('§9 POST invalid URL -> 400 "Validation error, invalid URL"', async () => {
    const res = await create(u('url'), { url: 'http://[::1' });
    expect(res.status).toBe(400);
    expect(res.json.message).toBe('Validation error, invalid URL');
  });

  it('§9 GET unknown uid -> 404 {"message":"Data source not found"}', async () => {
    const res = await t.call('GET', `/api/datasources/uid/${u('none')}`);
    expect(res.status).toBe(404);
    expect(res.json.message).toBe('Data source not found');
  });

  it('§9 PUT: full replace with optimistic version -> 200 "Datasource updated"; a stale version -> 409', async () => {
    const created = await create(u('c'));
    const v = created.json.datasource.version;
    const body = { name: `${t.run} ${u('c')}`, type: 'prometheus', access: 'proxy', url: 'http://prometheus:9091', version: v };
    const ok = await t.call('PUT', `/api/datasources/uid/${u('c')}`, { body });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ message: 'Datasource updated', datasource: { url: 'http://prometheus:9091' } });
    expect(ok.json.datasource.version).toBeGreaterThan(v);
    const stale = await t.call('PUT', `/api/datasources/uid/${u('c')}`, { body: { ...body, version: v - 1 < 1 ? 0 : v - 1 } });
    if (v - 1 >= 1) {
      expect(stale.status).toBe(409);
      expect(stale.json.message).toBe('Datasource has already been updated by someone else. Please reload and try again');
    }
    const again = await t.call('PUT', `/api/datasources/uid/${u('c')}`, { body: { ...body, version: v } });
    expect(again.status).toBe(409);
    expect(again.json.message).toBe('Datasource has already been updated by someone else. Please reload and try again');
  });

  it.skipIf(realGrafana)('§9 PUT a provisioned (read-only) datasource -> 403 "Cannot update read-only data source" (emulator: needs file provisioning)', async () => {
    await create('ro');
    t.emulator!.state.datasources.get('ro')!.readOnly = true;
    const res = await t.call('PUT', '/api/datasources/uid/ro', { body: { name: 'ro', type: 'prometheus', url: 'http://x:1' } });
    expect(res.status).toBe(403);
    expect(res.json.message).toBe('Cannot update read-only data source');
  });
});
