// Contract: §7 contact points and notification policies, §6.4 notification provenance. Literals from grafana-http-api.md.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshGrafana, realGrafana, target, type ContractTarget } from './target.js';

let t: ContractTarget;
let u: (name: string) => string;
beforeAll(async () => {
  t = await target();
  u = (name) => `${t.run}-${name}`;
});
afterAll(async () => {
  await t.close();
});
const cpPath = '/api/v1/provisioning/contact-points';
const create = async (uid: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
  const res = await t.call('POST', cpPath, { body: { uid, name: `${t.run} ${uid}`, type: 'slack', settings: { url: 'https://hooks.slack.com/services/T0/B0/XYZ', recipient: '#k2' }, ...extra }, headers });
  if (res.status === 202) t.cleanup('DELETE', `${cpPath}/${uid}`);
  return res;
};
// Changing the policy tree touches global state: only on the emulator or a Grafana declared fresh.
const policyIt = it.skipIf(realGrafana && !freshGrafana);

describe('§7.1 contact points', () => {
  it('§7.1 POST -> 202 with the created point (uid as given)', async () => {
    const res = await create(u('cp1'));
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ uid: u('cp1'), name: `${t.run} ${u('cp1')}`, type: 'slack' });
  });

  it('§7.1 GET ?name= -> 200 array; secret settings are returned as "[REDACTED]"', async () => {
    await create(u('cp2'));
    const res = await t.call('GET', cpPath, { query: { name: `${t.run} ${u('cp2')}` } });
    expect(res.status).toBe(200);
    expect(res.json).toHaveLength(1);
    expect(res.json[0].settings.url).toBe('[REDACTED]');
    expect(res.text).not.toContain('XYZ');
  });

  it('§7.1, §14.3 POST with an existing uid is refused and changes nothing: 500 in 12.x (every non-validation error), 409 or 400 elsewhere', async () => {
    expect((await create(u('dup'))).status).toBe(202);
    const again = await create(u('dup'), { name: `${t.run} other name` });
    expect([400, 409, 500]).toContain(again.status);
    const listed = await t.call('GET', cpPath, { query: { name: `${t.run} other name` } });
    expect(listed.json).toEqual([]);
  });

  it('§7.1 POST with an invalid type -> 400 "invalid object specification: ..."', async () => {
    const res = await create(u('bad'), { type: 'carrier-pigeon' });
    expect(res.status).toBe(400);
    expect(res.json.message).toMatch(/^invalid object specification: /);
  });

  it('§7.1 PUT -> 202 {"message":"contactpoint updated"}; DELETE -> 202 {"message":"contactpoint deleted"}', async () => {
    await create(u('cp3'));
    const put = await t.call('PUT', `${cpPath}/${u('cp3')}`, { body: { uid: u('cp3'), name: `${t.run} renamed`, type: 'email', settings: { addresses: 'k2@example.org' } } });
    expect(put.status).toBe(202);
    expect(put.json).toEqual({ message: 'contactpoint updated' });
    const del = await t.call('DELETE', `${cpPath}/${u('cp3')}`);
    expect(del.status).toBe(202);
    expect(del.json).toEqual({ message: 'contactpoint deleted' });
  });

  it('§6.4 ValidateProvenanceRelaxed: an "api" contact point updated with X-Disable-Provenance -> 403 alerting.notifications.invalidProvenance', async () => {
    await create(u('cp4'));
    const res = await t.call('PUT', `${cpPath}/${u('cp4')}`, {
      body: { uid: u('cp4'), name: `${t.run} ${u('cp4')}`, type: 'email', settings: { addresses: 'k2@example.org' } },
      headers: { 'X-Disable-Provenance': 'true' },
    });
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({
      messageId: 'alerting.notifications.invalidProvenance',
      message: "Resource with provenance status 'api' cannot be changed to ''. You must use appropriate API and permissions to manage this resource",
    });
  });
});

describe('§7.2 notification policies', () => {
  policyIt('§7.2 PUT replaces the whole tree -> 202 {"message":"policies updated"}; an unknown receiver -> 400 "invalid object specification: ..." (real Grafana: needs GRAFANA_CONTRACT_FRESH=1)', async () => {
    const original = await t.call('GET', '/api/v1/provisioning/policies');
    expect(original.status).toBe(200);
    await create(u('route'), { name: `${t.run} route` });
    try {
      const tree = { receiver: original.json.receiver, group_by: ['alertname'], routes: [{ receiver: `${t.run} route`, object_matchers: [['team', '=', 'k2']] }] };
      const put = await t.call('PUT', '/api/v1/provisioning/policies', { body: tree });
      expect(put.status).toBe(202);
      expect(put.json).toEqual({ message: 'policies updated' });
      const read = await t.call('GET', '/api/v1/provisioning/policies');
      expect(read.json.routes).toHaveLength(1);
      expect(read.json.group_by).toEqual(['alertname']);
      const bad = await t.call('PUT', '/api/v1/provisioning/policies', { body: { receiver: `${t.run} does-not-exist` } });
      expect(bad.status).toBe(400);
      expect(bad.json.message).toMatch(/^invalid object specification/);
      // §7.1: a contact point referenced by a policy cannot be deleted.
      const del = await t.call('DELETE', `${cpPath}/${u('route')}`);
      expect(del.status).toBe(409);
      expect(del.json).toMatchObject({ messageId: 'alerting.notifications.contact-points.referenced', message: 'Contact point is currently referenced by a notification policy.' });
    } finally {
      const { provenance: _p, ...restore } = original.json;
      await t.call('PUT', '/api/v1/provisioning/policies', { body: restore });
    }
  });

  it.skipIf(realGrafana)('§7.1/§7.2 defaults of a fresh Grafana: receiver grafana-default-email, root group_by [grafana_folder, alertname]; DELETE resets to them (emulator: needs a fresh Grafana)', async () => {
    const cps = await t.call('GET', cpPath, { query: { name: 'grafana-default-email' } });
    expect(cps.json[0]).toMatchObject({ name: 'grafana-default-email', type: 'email' });
    await t.call('PUT', '/api/v1/provisioning/policies', { body: { receiver: 'grafana-default-email', group_by: ['x'] } });
    const reset = await t.call('DELETE', '/api/v1/provisioning/policies');
    expect(reset.status).toBe(202);
    expect(reset.json).toMatchObject({ receiver: 'grafana-default-email', group_by: ['grafana_folder', 'alertname'] });
  });
});
