// Contract: §6 alerting provisioning (rules, rule groups, provenance). Literals from grafana-http-api.md §6.
// Real Grafana: rules use only a server-side expression (no datasource needed), in a folder unique to the run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atLeast, target, traceID, type ContractTarget } from './target.js';

let t: ContractTarget;
let u: (name: string) => string;
let folderUid: string;
beforeAll(async () => {
  t = await target();
  u = (name) => `${t.run}-${name}`;
  folderUid = u('alerts');
  expect((await t.call('POST', '/api/folders', { body: { uid: folderUid, title: `${t.run} alerts` } })).status).toBe(200);
  t.cleanup('DELETE', `/api/folders/${folderUid}?forceDeleteRules=true`);
});
afterAll(async () => {
  await t.close();
});

const expr = { refId: 'A', datasourceUid: '__expr__', model: { refId: 'A', type: 'math', expression: '1 > 0', datasource: { type: '__expr__', uid: '__expr__' } } };
const rule = (uid: string, group: string, extra: Record<string, unknown> = {}) => ({
  uid, title: `Rule ${uid}`, folderUID: folderUid, ruleGroup: group, condition: 'A', data: [expr], noDataState: 'NoData', execErrState: 'Error', for: '1m', ...extra,
});
const noProvenance = { 'X-Disable-Provenance': 'true' };
const rulesPath = '/api/v1/provisioning/alert-rules';
const groupPath = (group: string) => `/api/v1/provisioning/folder/${folderUid}/rule-groups/${encodeURIComponent(group)}`;

describe('§6.2 single rules', () => {
  it('§6.2 POST -> 201 with the stored rule, provenance "api" (§6.4), keep_firing_for emitted', async () => {
    const res = await t.call('POST', rulesPath, { body: rule(u('r1'), 'g1') });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ uid: u('r1'), folderUID: folderUid, ruleGroup: 'g1', provenance: 'api', for: '1m' });
    expect(res.json).toHaveProperty('keep_firing_for');
  });

  it('§6.2 POST: the group interval comes from the default (60 s), not the body', async () => {
    await t.call('POST', rulesPath, { body: rule(u('r2'), 'g2') });
    const group = await t.call('GET', groupPath('g2'));
    expect(group.json.interval).toBe(60);
  });

  it('§6.2 GET /alert-rules/:uid unknown -> 404 with an empty body', async () => {
    const res = await t.call('GET', `${rulesPath}/${u('none')}`);
    expect(res.status).toBe(404);
    expect(res.text).toBe('');
  });

  it('§6.2 PUT unknown -> 404 with an empty body; DELETE unknown -> 204 (idempotent)', async () => {
    const put = await t.call('PUT', `${rulesPath}/${u('none')}`, { body: rule(u('none'), 'g1') });
    expect(put.status).toBe(404);
    expect(put.text).toBe('');
    const del = await t.call('DELETE', `${rulesPath}/${u('none')}`);
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
  });

  it('§6.1 ValidateAlertRule messages: "invalid alert rule: title is empty", "...no queries or expressions are found", "...unknown NoData state option <v>"', async () => {
    const noTitle = await t.call('POST', rulesPath, { body: rule(u('v1'), 'g1', { title: '' }) });
    expect(noTitle.status).toBe(400);
    expect(noTitle.json).toEqual({ message: 'invalid alert rule: title is empty', traceID });
    const noData = await t.call('POST', rulesPath, { body: rule(u('v2'), 'g1', { data: [] }) });
    expect(noData.json.message).toBe('invalid alert rule: no queries or expressions are found');
    const state = await t.call('POST', rulesPath, { body: rule(u('v3'), 'g1', { noDataState: 'Bogus' }) });
    expect(state.json.message).toBe('invalid alert rule: unknown NoData state option Bogus');
  });

  it('§6.1 bad uid: "invalid alert rule\\ncannot create rule with UID \'<uid>\': invalid format of UID..."', async () => {
    const res = await t.call('POST', rulesPath, { body: rule('bad uid!', 'g1') });
    expect(res.status).toBe(400);
    expect(res.json.message).toBe("invalid alert rule\ncannot create rule with UID 'bad uid!': invalid format of UID. Only letters, numbers, '-' and '_' are allowed");
  });

  it('§6.1 a second POST with an existing uid is refused (errutil alerting.alert-rule.conflict; 400 or 409 in 13.x is UNVERIFIED) and creates nothing', async () => {
    await t.call('POST', rulesPath, { body: rule(u('dupr'), 'g6') });
    const res = await t.call('POST', rulesPath, { body: rule(u('dupr'), 'g6', { title: 'second' }) });
    expect([400, 409]).toContain(res.status);
    expect(res.json.messageId).toBe('alerting.alert-rule.conflict');
    const group = await t.call('GET', groupPath('g6'));
    expect(group.json.rules).toHaveLength(1);
    expect(group.json.rules[0].title).toBe(`Rule ${u('dupr')}`);
  });

  it('§6.4 X-Disable-Provenance (any value, even "false") stores no provenance', async () => {
    const res = await t.call('POST', rulesPath, { body: rule(u('np'), 'g3'), headers: { 'x-disable-provenance': 'false' } });
    expect(res.status).toBe(201);
    expect(res.json.provenance ?? '').toBe('');
    const again = await t.call('PUT', `${rulesPath}/${u('np')}`, { body: rule(u('np'), 'g3', { title: 'changed' }) });
    expect(again.status).toBe(200); // stored "" -> "api" is allowed
    expect(again.json.provenance).toBe('api');
  });

  it('§6.4 single-rule PUT of an "api" rule with the header: 500 (11.x-13.0) / 409 alerting.provenanceMismatch (13.1+)', async () => {
    await t.call('POST', rulesPath, { body: rule(u('pv'), 'g4') });
    const res = await t.call('PUT', `${rulesPath}/${u('pv')}`, { body: rule(u('pv'), 'g4'), headers: noProvenance });
    if (atLeast(t.version, '13.1')) {
      expect(res.status).toBe(409);
      expect(res.json).toMatchObject({ messageId: 'alerting.provenanceMismatch', message: "cannot update with provided provenance '', needs 'api'" });
    } else {
      expect(res.status).toBe(500);
      expect(res.json).toEqual({ message: 'Internal Server Error', traceID });
    }
  });

  it('§6.4 single-rule DELETE of an "api" rule with the header -> 409 "cannot delete with provided provenance \'\', needs \'api\'"; without it -> 204', async () => {
    await t.call('POST', rulesPath, { body: rule(u('pd'), 'g5') });
    const refused = await t.call('DELETE', `${rulesPath}/${u('pd')}`, { headers: noProvenance });
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ messageId: 'alerting.provenanceMismatch', message: "cannot delete with provided provenance '', needs 'api'", statusCode: 409 });
    expect((await t.call('DELETE', `${rulesPath}/${u('pd')}`)).status).toBe(204);
    expect((await t.call('GET', `${rulesPath}/${u('pd')}`)).status).toBe(404);
  });
});

describe('§6.2 rule groups', () => {
  const group = 'k2 group';
  it('§6.2 PUT: interval not a multiple of 10 s -> 400 "invalid alert rule: interval (15s) should be non-zero and divided exactly by scheduler interval: 10"', async () => {
    const res = await t.call('PUT', groupPath(group), { body: { interval: 15, rules: [rule(u('gi'), group)] } });
    expect(res.status).toBe(400);
    expect(res.json.message).toBe('invalid alert rule: interval (15s) should be non-zero and divided exactly by scheduler interval: 10');
    const zero = await t.call('PUT', groupPath(group), { body: { interval: 0, rules: [rule(u('gi'), group)] } });
    expect(zero.json.message).toBe('invalid alert rule: interval (0s) should be non-zero and divided exactly by scheduler interval: 10');
  });

  it('§6.2 PUT: 200 echoes the request (path wins for folderUid/title; generated uids are not returned)', async () => {
    const withoutUid = { ...rule('', group), uid: undefined };
    const body = { title: 'ignored', folderUid: 'ignored', interval: 30, rules: [rule(u('g1'), group), rule(u('g2'), group), withoutUid] };
    const res = await t.call('PUT', groupPath(group), { body });
    expect(res.status).toBe(200);
    expect(res.json.title).toBe(group);
    expect(res.json.folderUid).toBe(folderUid);
    expect(res.json.interval).toBe(30);
    expect(res.json.rules[2].uid ?? '').toBe('');
    const read = await t.call('GET', groupPath(group));
    expect(read.json.interval).toBe(30);
    expect(read.json.rules).toHaveLength(3);
    expect(read.json.rules[2].uid).toMatch(/^[a-zA-Z0-9\-_]{1,40}$/);
  });

  it('§6.2 GET group: rules carry an empty provenance (group-level provenance is never set)', async () => {
    const read = await t.call('GET', groupPath(group));
    for (const r of read.json.rules) expect(r.provenance ?? '').toBe('');
    const single = await t.call('GET', `${rulesPath}/${u('g1')}`);
    expect(single.json.provenance).toBe('api');
  });

  it('§6.2 PUT is a full replace: rules missing from the list are deleted', async () => {
    const res = await t.call('PUT', groupPath(group), { body: { interval: 30, rules: [rule(u('g1'), group, { title: 'kept and renamed' })] } });
    expect(res.status).toBe(200);
    const read = await t.call('GET', groupPath(group));
    expect(read.json.rules.map((r: { uid: string }) => r.uid)).toEqual([u('g1')]);
    expect(read.json.rules[0].title).toBe('kept and renamed');
    expect((await t.call('GET', `${rulesPath}/${u('g2')}`)).status).toBe(404);
  });

  it('§6.2 PUT with rules omitted updates only the interval', async () => {
    const res = await t.call('PUT', groupPath(group), { body: { interval: 120 } });
    expect(res.status).toBe(200);
    const read = await t.call('GET', groupPath(group));
    expect(read.json.interval).toBe(120);
    expect(read.json.rules).toHaveLength(1);
  });

  it('§6.4 group PUT with X-Disable-Provenance may clear "api" provenance', async () => {
    const res = await t.call('PUT', groupPath(group), { body: { interval: 120, rules: [rule(u('g1'), group)] }, headers: noProvenance });
    expect(res.status).toBe(200);
    expect((await t.call('GET', `${rulesPath}/${u('g1')}`)).json.provenance ?? '').toBe('');
  });

  it('§6.2 GET unknown group -> 404 errutil alerting.alert-rule.notFound; DELETE group -> 204', async () => {
    const missing = await t.call('GET', groupPath('no such group'));
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ messageId: 'alerting.alert-rule.notFound', statusCode: 404 });
    expect((await t.call('DELETE', groupPath(group))).status).toBe(204);
    expect((await t.call('GET', groupPath(group))).status).toBe(404);
  });
});
