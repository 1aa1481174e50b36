// Contract: mute timings and notification templates (docs/grafana.md "Mute timings", "Notification templates"), from
// Grafana's pkg/services/ngalert/api/api_provisioning.go (RoutePostMuteTiming, RoutePutMuteTiming,
// RouteDeleteMuteTiming, RoutePutTemplate, RouteDeleteTemplate), provisioning/mute_timings.go, templates.go, errors.go.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshGrafana, realGrafana, target, type ContractTarget } from './target.js';

let t: ContractTarget;
beforeAll(async () => {
  t = await target();
});
afterAll(async () => {
  await t.close();
});
const MT = '/api/v1/provisioning/mute-timings';
const TPL = '/api/v1/provisioning/templates';
const policyIt = it.skipIf(realGrafana && !freshGrafana);

async function createTiming(name: string, intervals: unknown[]) {
  const res = await t.call('POST', MT, { body: { name, time_intervals: intervals } });
  if (res.status === 201) t.cleanup('DELETE', `${MT}/${encodeURIComponent(name)}`);
  return res;
}

describe('mute timings', () => {
  it('RoutePostMuteTiming -> 201 with the object; GET returns it as alertmanager marshals it (months as numbers, ranges collapsed)', async () => {
    const name = `${t.run}-maint`;
    const res = await createTiming(name, [{ times: [{ start_time: '02:00', end_time: '04:00' }], weekdays: ['Saturday:Saturday'], months: ['january:march'] }]);
    expect(res.status).toBe(201);
    const got = await t.call('GET', `${MT}/${name}`);
    expect(got.status).toBe(200);
    expect(got.json.time_intervals).toEqual([{ times: [{ start_time: '02:00', end_time: '04:00' }], weekdays: ['saturday'], months: ['1:3'] }]);
  });

  it('CreateMuteTiming: an invalid interval -> 400 alerting.notifications.time-intervals.invalidFormat; a taken name -> 400 nameExists', async () => {
    const bad = await createTiming(`${t.run}-bad`, [{ times: [{ start_time: '10:00', end_time: '09:00' }] }]);
    expect(bad.status).toBe(400);
    expect(bad.json.messageId).toBe('alerting.notifications.time-intervals.invalidFormat');
    const name = `${t.run}-twice`;
    await createTiming(name, [{ weekdays: ['monday'] }]);
    const again = await createTiming(name, [{ weekdays: ['monday'] }]);
    expect(again.status).toBe(400);
    expect(again.json.messageId).toBe('alerting.notifications.time-intervals.nameExists');
  });

  it('RoutePutMuteTiming -> 202; RouteDeleteMuteTiming -> 204, and 204 again for a name that is gone', async () => {
    const name = `${t.run}-put`;
    await createTiming(name, [{ weekdays: ['monday'] }]);
    const put = await t.call('PUT', `${MT}/${name}`, { body: { name, time_intervals: [{ weekdays: ['tuesday'] }] } });
    expect(put.status).toBe(202);
    expect((await t.call('DELETE', `${MT}/${name}`)).status).toBe(204);
    expect((await t.call('DELETE', `${MT}/${name}`)).status).toBe(204);
  });

  policyIt('DeleteMuteTiming: one the policy tree names -> 409 alerting.notifications.time-intervals.used; the tree may not name a missing one (400)', async () => {
    const name = `${t.run}-used`;
    await createTiming(name, [{ weekdays: ['sunday'] }]);
    const tree = (await t.call('GET', '/api/v1/provisioning/policies')).json;
    const missing = await t.call('PUT', '/api/v1/provisioning/policies', { body: { ...tree, routes: [{ receiver: tree.receiver, mute_time_intervals: [`${t.run}-nope`] }] } });
    expect(missing.status).toBe(400);
    expect(missing.json.message).toBe(`invalid object specification: mute time interval '${t.run}-nope' does not exist`);
    const put = await t.call('PUT', '/api/v1/provisioning/policies', { body: { ...tree, routes: [{ receiver: tree.receiver, mute_time_intervals: [name] }] } });
    expect(put.status).toBe(202);
    const del = await t.call('DELETE', `${MT}/${name}`);
    expect(del.status).toBe(409);
    expect(del.json).toMatchObject({ messageId: 'alerting.notifications.time-intervals.used', statusCode: 409 });
    await t.call('PUT', '/api/v1/provisioning/policies', { body: tree });
  });
});

describe('notification templates', () => {
  it('RoutePutTemplate -> 202; content without a define is stored wrapped in one, lines indented', async () => {
    const name = `${t.run}-tpl`;
    const res = await t.call('PUT', `${TPL}/${name}`, { body: { template: 'Level {{ .CommonLabels.level }}' } });
    expect(res.status).toBe(202);
    t.cleanup('DELETE', `${TPL}/${name}`);
    const got = await t.call('GET', `${TPL}/${name}`);
    expect(got.json.template).toBe(`{{ define "${name}" }}\n  Level {{ .CommonLabels.level }}\n{{ end }}`);
  });

  it('NotificationTemplate.Validate: an unclosed block -> 400 "invalid object specification: invalid template: template: <name>:<line>: unexpected EOF"', async () => {
    const name = `${t.run}-broken`;
    const res = await t.call('PUT', `${TPL}/${name}`, { body: { template: '{{ define "x" }}{{ if .Alerts }}' } });
    expect(res.status).toBe(400);
    expect(res.json.message).toMatch(new RegExp(`^invalid object specification: invalid template: template: ${name}:\\d+: unexpected EOF`));
  });

  it('RouteDeleteTemplate -> 204', async () => {
    const name = `${t.run}-del`;
    await t.call('PUT', `${TPL}/${name}`, { body: { template: 'x' } });
    expect((await t.call('DELETE', `${TPL}/${name}`)).status).toBe(204);
  });
});

// Recording rules need the grafanaManagedRecordingRules feature toggle on a real Grafana: run there only when the
// Grafana under test is declared to have it (GRAFANA_RECORDING_RULES=1).
describe.skipIf(realGrafana && process.env.GRAFANA_RECORDING_RULES !== '1')('Grafana-managed recording rules (api/validation.go validateRecordingRuleFields)', () => {
  it('a rule group PUT with a recording rule whose metric is not a Prometheus metric name -> 400; a valid one -> 200 with condition and states cleared', async () => {
    const folder = `${t.run}-rec`;
    await t.call('POST', '/api/folders', { body: { uid: folder, title: folder } });
    t.cleanup('DELETE', `/api/folders/${folder}`);
    const rule = (metric: string) => ({
      uid: `${t.run}-r1`, title: 'recorded', record: { metric, from: 'A' }, noDataState: 'NoData', execErrState: 'Error', condition: 'A',
      data: [{ refId: 'A', datasourceUid: '__expr__', model: { refId: 'A', type: 'math', expression: '1' }, relativeTimeRange: { from: 0, to: 0 } }],
    });
    const path = `/api/v1/provisioning/folder/${folder}/rule-groups/rec`;
    const bad = await t.call('PUT', path, { body: { title: 'rec', interval: 60, rules: [rule('not a metric')] } });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toContain('metric name for recording rule must be a valid Prometheus metric name');
    const good = await t.call('PUT', path, { body: { title: 'rec', interval: 60, rules: [rule('k2:recorded')] } });
    expect(good.status).toBe(200);
    const got = await t.call('GET', path);
    expect(got.json.rules[0]).toMatchObject({ record: { metric: 'k2:recorded', from: 'A' }, condition: '' });
  });
});
