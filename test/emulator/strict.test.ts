// The emulator as strict as grafana-http-api.md §14, on by default in its 12.x and 13.x modes: one test per point.
import { afterEach, describe, expect, it } from 'vitest';
import { strictDefaults, type Emulator, type EmulatorOptions } from './emulator.js';
import { emulator } from '../provision/helpers.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  emu = await emulator(options);
  return emu;
}

async function call(e: Emulator, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  const res = await fetch(`${e.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${e.adminToken}`, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

const rule = (uid: string, extra: Record<string, unknown> = {}) => ({
  uid, title: `rule ${uid}`, condition: 'A', noDataState: 'NoData', execErrState: 'Error', for: '0s',
  data: [{ refId: 'A', datasourceUid: 'prom', relativeTimeRange: { from: 600, to: 0 }, model: { expr: 'up', refId: 'A' } }],
  ...extra,
});

describe('strict behaviours are on by default in 12.x and 13.x, off in 11.6', () => {
  it('defaults by version', () => {
    expect(strictDefaults('12.3')).toMatchObject({ ruleGroupDeltas: true, amConfigHashCheck: true, contactPointErrors500: true, unlockedSave: true, folderStore: 'unified', tagFilter: 'any' });
    expect(strictDefaults('13.1')).toMatchObject({ ruleGroupDeltas: true, amConfigHashCheck: true, contactPointErrors500: false, dashboardConflict409: true, unlockedSave: false });
    expect(strictDefaults('11.6')).toMatchObject({ ruleGroupDeltas: false, amConfigHashCheck: false, tagFilter: 'all' });
  });
});

describe('§14 second reading of Grafana source', () => {
  it('§14.1 rule-group PUT: content-identical rules are left alone (provenance kept); PreSave writes intervalMs/maxDataPoints; a body without them counts as changed', async () => {
    const e = await start();
    await call(e, 'POST', '/api/folders', { uid: 'f', title: 'F' });
    const group = (rules: unknown[]) => ({ title: 'g', interval: 60, rules });
    const path = '/api/v1/provisioning/folder/f/rule-groups/g';
    expect((await call(e, 'PUT', path, group([rule('r1')]))).status).toBe(200);
    const stored = e.state.rules.get('r1')!;
    expect(stored.data[0].model).toMatchObject({ intervalMs: 1000, maxDataPoints: 43200 });
    expect(stored.provenance).toBe('api');
    // With the PreSave keys the rule equals the stored one: an X-Disable-Provenance PUT changes nothing.
    const withDefaults = rule('r1', { data: [{ ...rule('r1').data[0], model: { expr: 'up', refId: 'A', intervalMs: 1000, maxDataPoints: 43200 } }] });
    const updated = stored.updated;
    expect((await call(e, 'PUT', path, group([withDefaults]), { 'X-Disable-Provenance': 'true' })).status).toBe(200);
    expect(e.state.rules.get('r1')!.provenance).toBe('api');
    expect(e.state.rules.get('r1')!.updated).toBe(updated);
    // A content change does set the provenance of the changed rule, and gives it a new version.
    expect((await call(e, 'PUT', path, group([{ ...withDefaults, title: 'renamed' }]), { 'X-Disable-Provenance': 'true' })).status).toBe(200);
    expect(e.state.rules.get('r1')!.provenance).toBe('');
  });

  it('§14.2 overlapping alertmanager-config writes conflict: 409 alerting.notifications.conflict in 13.x, 500 in 12.x', async () => {
    for (const version of ['13.1', '12.3'] as const) {
      const e = await start({ version });
      const cp = (uid: string) => ({ uid, name: uid, type: 'webhook', settings: { url: 'http://example.test/hook' } });
      // Two writes in flight at once: the second one's fetched hash is stale when it saves.
      const answers = await Promise.all([call(e, 'POST', '/api/v1/provisioning/contact-points', cp('a')), call(e, 'POST', '/api/v1/provisioning/contact-points', cp('b'))]);
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses).toEqual(version === '13.1' ? [202, 409] : [202, 500]);
      if (version === '13.1') expect(answers.find((a) => a.status === 409)!.json.messageId).toBe('alerting.notifications.conflict');
      await e.close();
      emu = undefined;
    }
  });

  it('§14.3 12.x: a duplicate contact-point uid is 500, not 400/409 (only a read-back tells the first POST landed)', async () => {
    const e = await start({ version: '12.3' });
    const cp = { uid: 'dup', name: 'dup', type: 'webhook', settings: { url: 'http://example.test/hook' } };
    expect((await call(e, 'POST', '/api/v1/provisioning/contact-points', cp)).status).toBe(202);
    expect((await call(e, 'POST', '/api/v1/provisioning/contact-points', cp)).status).toBe(500);
  });

  it('§14.4 13.x: a dashboard save without the stored version is 409 "Dashboard already exists. Use overwrite flag to update."', async () => {
    const e = await start({ version: '13.1' });
    expect((await call(e, 'POST', '/api/dashboards/db', { dashboard: { uid: 'd', title: 'D' } })).status).toBe(200);
    const again = await call(e, 'POST', '/api/dashboards/db', { dashboard: { uid: 'd', title: 'D' } });
    expect(again.status).toBe(409);
    expect(again.json.message).toBe('Dashboard already exists. Use overwrite flag to update.');
  });

  it('§14.5 GET /api/datasources items have no version; GET /api/datasources/uid/:uid has it', async () => {
    const e = await start();
    expect((await call(e, 'POST', '/api/datasources', { uid: 'p', name: 'P', type: 'prometheus', url: 'http://p:9090' })).status).toBe(200);
    const [item] = (await call(e, 'GET', '/api/datasources')).json;
    expect(item).not.toHaveProperty('version');
    expect(item).toMatchObject({ uid: 'p', typeName: 'prometheus' });
    expect((await call(e, 'GET', '/api/datasources/uid/p')).json.version).toBe(1);
  });

  it('§14.6 search is not read-after-write (searchLagMs) and tag filters are any-of in 12.x', async () => {
    const e = await start({ version: '12.3', strict: { searchLagMs: 60_000 } });
    await call(e, 'POST', '/api/dashboards/db', { dashboard: { uid: 'd1', title: 'One', tags: ['a'] } });
    expect((await call(e, 'GET', '/api/search', undefined)).json).toEqual([]);
    expect((await call(e, 'GET', '/api/dashboards/uid/d1')).status).toBe(200);
    await e.close();
    const f = await start({ version: '12.3' });
    await call(f, 'POST', '/api/dashboards/db', { dashboard: { uid: 'd1', title: 'One', tags: ['a'] } });
    await call(f, 'POST', '/api/dashboards/db', { dashboard: { uid: 'd2', title: 'Two', tags: ['a', 'b'] } });
    const hits = (await call(f, 'GET', '/api/search?tag=a&tag=b')).json.map((h: { uid: string }) => h.uid);
    expect(hits).toEqual(['d1', 'd2']);
  });

  it('§14.7 12.x: two overlapping saves with the same version both pass the check (validate-then-write, no lock); 13.x refuses one', async () => {
    for (const [version, statuses] of [['12.3', [200, 200]], ['13.1', [200, 409]]] as const) {
      const e = await start({ version });
      await call(e, 'POST', '/api/dashboards/db', { dashboard: { uid: 'd', title: 'D' } });
      const both = await Promise.all([1, 2].map((n) => call(e, 'POST', '/api/dashboards/db', { dashboard: { uid: 'd', title: `D${n}`, version: 1 } })));
      expect(both.map((b) => b.status).sort()).toEqual(statuses);
      await e.close();
      emu = undefined;
    }
  });

  it('§14.8 refresh "" and "auto" are kept; an unparsable or short one is raised to min_refresh_interval', async () => {
    const e = await start();
    for (const [refresh, kept] of [['', ''], ['auto', 'auto'], ['1s', '5s'], ['soon', '5s']]) {
      const uid = `r${refresh}x`.replace(/[^a-z0-9]/g, '');
      await call(e, 'POST', '/api/dashboards/db', { dashboard: { uid, title: `R ${refresh}`, refresh }, overwrite: true });
      expect((await call(e, 'GET', `/api/dashboards/uid/${uid}`)).json.dashboard.refresh).toBe(kept);
    }
  });

  it('§14.9 a duplicate folder uid in 12.x: 412 from unified storage, 409 from the legacy store', async () => {
    for (const [folderStore, status] of [['unified', 412], ['legacy', 409]] as const) {
      const e = await start({ version: '12.3', strict: { folderStore } });
      await call(e, 'POST', '/api/folders', { uid: 'f', title: 'F' });
      expect((await call(e, 'POST', '/api/folders', { uid: 'f', title: 'F again' })).status).toBe(status);
      await e.close();
      emu = undefined;
    }
  });

  it('§14.10 a folder move bumps its version: a rename with the pre-move version is refused', async () => {
    const e = await start();
    await call(e, 'POST', '/api/folders', { uid: 'p', title: 'P' });
    const f = (await call(e, 'POST', '/api/folders', { uid: 'f', title: 'F' })).json;
    expect((await call(e, 'POST', '/api/folders/f/move', { parentUid: 'p' })).status).toBe(200);
    expect((await call(e, 'PUT', '/api/folders/f', { title: 'F2', version: f.version })).status).toBe(412);
  });

  it('§14.11 12.x: contact-point DELETE checks no provenance', async () => {
    const e = await start({ version: '12.3' });
    await call(e, 'POST', '/api/v1/provisioning/contact-points', { uid: 'c', name: 'c', type: 'webhook', settings: { url: 'http://x.test' } });
    expect(e.state.contactPoints.get('c')!.provenance).toBe('api');
    expect((await call(e, 'DELETE', '/api/v1/provisioning/contact-points/c', undefined, { 'X-Disable-Provenance': 'true' })).status).toBe(202);
    expect(e.state.contactPoints.has('c')).toBe(false);
  });

  it('§14.12 (option) a server that migrates schemaVersion on read', async () => {
    const e = await start({ version: '13.1', strict: { migrateSchemaOnRead: 41 } });
    await call(e, 'POST', '/api/dashboards/db', { dashboard: { uid: 'd', title: 'D', schemaVersion: 39 } });
    expect((await call(e, 'GET', '/api/dashboards/uid/d')).json.dashboard.schemaVersion).toBe(41);
  });
});
