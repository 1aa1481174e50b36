import { describe, expect, it } from 'vitest';
import { dashboard as dashboardKind, specHash } from '../../src/kinds/index.js';
import { plan } from '../../src/plan/index.js';
import { normaliseDashboard, normaliseRuleGroup, stableStringify } from '../../src/normalise/index.js';

const generated = {
  uid: 'k2', title: 'K2 – degradation', schemaVersion: 42, editable: true, graphTooltip: 0, tags: [],
  templating: { list: [{ name: 'datasource', type: 'datasource', query: 'prometheus' }] },
  annotations: { list: [] },
  panels: [
    { id: 2, type: 'stat', title: 'Level', gridPos: { x: 12, y: 0, w: 12, h: 8 },
      datasource: { type: 'prometheus', uid: '${datasource}' },
      targets: [{ refId: 'B', expr: 'max(b)', datasource: { type: 'prometheus', uid: '${datasource}' } }, { refId: 'A', expr: 'max(a)' }] },
    { id: 1, type: 'timeseries', title: 'Lag', gridPos: { x: 0, y: 0, w: 12, h: 8 }, targets: [{ refId: 'A', expr: 'sum(lag)' }] },
  ],
};

/** What GET /api/dashboards/uid returns after a UI save of the same dashboard (grafana-http-api.md 5.2). */
const fromGrafana = {
  meta: { type: 'db', canSave: true, slug: 'k2', version: 7, folderUid: 'f' },
  dashboard: {
    id: 41, version: 7, iteration: 1712345678901, uid: 'k2', title: 'K2 \u2013 degradation', schemaVersion: 42,
    editable: true, fiscalYearStartMonth: 0, liveNow: false, links: [], refresh: '', style: 'dark', timezone: '', weekStart: '',
    time: { from: 'now-6h', to: 'now' }, timepicker: {}, gnetId: null,
    templating: { list: [{ name: 'datasource', type: 'datasource', query: 'prometheus', current: { text: 'Prometheus', value: 'prom' }, options: [], hide: 0, skipUrlSync: false }] },
    annotations: { list: [{ builtIn: 1, datasource: { type: 'grafana', uid: '-- Grafana --' }, enable: true, hide: true, iconColor: 'rgba(0, 211, 255, 1)', name: 'Annotations & Alerts', type: 'dashboard' }] },
    panels: [
      { id: 1, type: 'timeseries', title: 'Lag', gridPos: { h: 8, w: 12, x: 0, y: 0 }, transparent: false, links: [], options: {},
        fieldConfig: { defaults: {}, overrides: [] }, targets: [{ refId: 'A', expr: 'sum(lag)', hide: false, editorMode: 'code' }] },
      { id: 2, type: 'stat', title: 'Level', gridPos: { h: 8, w: 12, x: 12, y: 0 }, datasource: { uid: '$datasource' },
        targets: [{ refId: 'A', expr: 'max(a)', datasource: { uid: '${datasource}', type: 'prometheus' } }, { refId: 'B', expr: 'max(b)' }] },
    ],
  },
};

describe('normaliseDashboard', () => {
  it('makes a generated dashboard and the same dashboard as Grafana returns it byte-identical', () => {
    expect(stableStringify(normaliseDashboard(fromGrafana))).toBe(stableStringify(normaliseDashboard(generated)));
  });

  it('never mutates its input and is idempotent', () => {
    const before = JSON.stringify(fromGrafana);
    const once = normaliseDashboard(fromGrafana);
    expect(JSON.stringify(fromGrafana)).toBe(before);
    expect(normaliseDashboard(once)).toEqual(once);
    // Keys come out sorted at every depth, so plain JSON text of two normalised dashboards compares them.
    expect(JSON.stringify(once)).toBe(stableStringify(once));
  });

  it('drops server fields and the default built-in annotation, keeps real content', () => {
    const n = normaliseDashboard(fromGrafana);
    expect(n).not.toHaveProperty('id');
    expect(n).not.toHaveProperty('version');
    expect(n).not.toHaveProperty('iteration');
    expect(n.annotations).toEqual({ list: [] });
    expect(n.title).toBe('K2 – degradation');
    expect((n.panels as unknown[]).length).toBe(2);
  });

  it('keeps a real difference', () => {
    const edited = structuredClone(fromGrafana);
    edited.dashboard.panels[0]!.targets![0]!.expr = 'sum(rate(lag[5m]))';
    expect(stableStringify(normaliseDashboard(edited))).not.toBe(stableStringify(normaliseDashboard(generated)));
  });

  it('treats text that differs only in encoding (NFD vs NFC, escapes) as equal', () => {
    const nfc = JSON.parse('{"uid":"x","title":"Caf\\u00e9 \\u2013 lag","panels":[]}');
    const nfd = JSON.parse('{"uid":"x","title":"Cafe\u0301 – lag","panels":[]}');
    expect(nfc.title).not.toBe(nfd.title);
    expect(normaliseDashboard(nfd)).toEqual(normaliseDashboard(nfc));
  });
});

describe('normaliseDashboard: spellings Grafana reads the same (so plan and every diff agree)', () => {
  const dash = (panels: unknown[], templating: unknown[] = []) => ({ uid: 'x', title: 'X', schemaVersion: 42, panels, templating: { list: templating } });
  const steps = (first: number | null, ...rest: number[]) => ({ mode: 'absolute', steps: [{ color: 'green', value: first }, ...rest.map((v) => ({ color: 'red', value: v }))] });
  const stat = (thresholds: unknown, overrideThresholds?: unknown) => ({
    id: 1, type: 'stat', title: 'S', gridPos: { x: 0, y: 0, w: 6, h: 4 },
    fieldConfig: { defaults: { thresholds }, overrides: overrideThresholds ? [{ matcher: { id: 'byName', options: 'a' }, properties: [{ id: 'thresholds', value: overrideThresholds }] }] : [] },
  });
  const same = (a: unknown, b: unknown) => expect(stableStringify(normaliseDashboard(a))).toBe(stableStringify(normaliseDashboard(b)));
  const differ = (a: unknown, b: unknown) => expect(stableStringify(normaliseDashboard(a))).not.toBe(stableStringify(normaliseDashboard(b)));

  it('the first threshold step is −∞ whatever it holds (null, 0, any number), in defaults and in overrides', () => {
    same(dash([stat(steps(null, 80))]), dash([stat(steps(0, 80))]));
    same(dash([stat(steps(null, 80))]), dash([stat(steps(-5, 80))]));
    same(dash([stat(steps(null), steps(null, 3))]), dash([stat(steps(0), steps(7, 3))]));
    // Later steps are real thresholds.
    differ(dash([stat(steps(null, 80))]), dash([stat(steps(null, 90))]));
    differ(dash([stat(steps(null), steps(null, 3))]), dash([stat(steps(null), steps(null, 4))]));
  });

  it('rows: the grafana datasource and dummy query mean nothing', () => {
    const row = { id: 9, type: 'row', title: 'R', gridPos: { x: 0, y: 0, w: 24, h: 1 }, panels: [] };
    same(dash([row]), dash([{ ...row, datasource: { type: 'grafana', uid: 'grafana' }, targets: [{ datasource: { type: 'grafana', uid: 'grafana' }, refId: 'A' }] }]));
  });

  it('deprecated variable tag keys (dropped by the schemaVersion 28 migration) mean nothing; real keys still count', () => {
    const v = { name: 'job', type: 'query', query: 'label_values(up, job)' };
    same(dash([], [v]), dash([], [{ ...v, tags: [], tagsQuery: '', tagValuesQuery: '', useTags: false }]));
    differ(dash([], [v]), dash([], [{ ...v, query: 'label_values(up, instance)' }]));
  });

  it('plan agrees: Grafana holding the other spelling of each is "unchanged", not an update', () => {
    const table = { id: 2, type: 'table', title: 'T', gridPos: { x: 12, y: 1, w: 12, h: 8 }, options: { footer: { show: true, reducer: ['sum'] } }, fieldConfig: { defaults: { custom: { cellOptions: { wrapText: true } } }, overrides: [] } };
    const row = { id: 9, type: 'row', title: 'R', gridPos: { x: 0, y: 0, w: 24, h: 1 } };
    const ours = { ...dash([row, { ...stat(steps(null, 80)), gridPos: { x: 0, y: 1, w: 12, h: 8 } }, table], [{ name: 'job', type: 'query', query: 'q' }]) };
    const theirs = dash([
      { ...row, datasource: { type: 'grafana', uid: 'grafana' }, targets: [{ refId: 'A' }] },
      { ...stat(steps(0, 80)), gridPos: { x: 0, y: 1, w: 12, h: 8 } },
      { ...table, options: {}, fieldConfig: { defaults: { custom: { wrapText: true, footer: { reducers: ['sum'] } } }, overrides: [] } },
    ], [{ name: 'job', type: 'query', query: 'q', tags: [], useTags: false }]);
    const desired = { kind: 'dashboard', key: 'x', title: 'X', spec: { folderUid: 'f', dashboard: ours } };
    const live = { kind: 'dashboard', key: 'x', title: 'X', spec: { folderUid: 'f', dashboard: theirs },
      marker: { owner: 'o', hash: specHash(dashboardKind.normalise(desired.spec as never)) } };
    expect(plan([desired], { objects: [live] }, { owner: 'o' }).changes.map((c) => c.action)).toEqual(['unchanged']);
  });

  it('table options.footer and cellOptions.wrapText read the same in their old and new (12.2) places', () => {
    const table = (custom: object, options: object) => ({ id: 1, type: 'table', title: 'T', gridPos: { x: 0, y: 0, w: 12, h: 8 }, options, fieldConfig: { defaults: { custom }, overrides: [] } });
    same(
      dash([table({ cellOptions: { type: 'auto', wrapText: true } }, { showHeader: true, footer: { show: true, reducer: ['sum'], countRows: false, fields: '' } })]),
      dash([table({ cellOptions: { type: 'auto' }, wrapText: true, footer: { reducers: ['sum'] } }, { showHeader: true })]),
    );
    same(dash([table({}, { footer: { show: false, reducer: ['sum'] } })]), dash([table({}, {})]));
    same(dash([table({}, { footer: { show: true, reducer: ['count'], countRows: true } })]), dash([table({ footer: { reducers: ['countAll'] } }, {})]));
    // A different reducer or wrap setting is a real change.
    differ(dash([table({ cellOptions: { wrapText: true } }, {})]), dash([table({ wrapText: false }, {})]));
    differ(dash([table({}, { footer: { show: true, reducer: ['sum'] } })]), dash([table({ footer: { reducers: ['mean'] } }, {})]));
  });
});

describe('normaliseRuleGroup', () => {
  const api = {
    title: 'k2', folderUid: 'k2-folder', interval: 60,
    rules: [{
      id: 7, uid: 'lag', orgID: 1, folderUID: 'k2-folder', ruleGroup: 'k2', title: 'Lag', condition: 'C', updated: '2026-01-01T00:00:00Z',
      provenance: 'api', noDataState: 'NoData', execErrState: 'Alerting', for: '5m0s', keep_firing_for: '0s', isPaused: false,
      notification_settings: null, record: null, labels: { severity: 'warning' },
      data: [
        { refId: 'C', queryType: '', relativeTimeRange: { from: 0, to: 0 }, datasourceUid: '__expr__',
          model: { type: 'threshold', expression: 'A', refId: 'C', intervalMs: 1000, maxDataPoints: 43200, conditions: [{ evaluator: { type: 'gt', params: [1] } }] } },
        { refId: 'A', queryType: '', relativeTimeRange: { from: 600, to: 0 }, datasourceUid: 'prom', model: { expr: 'x', refId: 'A', intervalMs: 1000, maxDataPoints: 43200 } },
      ],
    }],
  };
  const file = {
    orgId: 1, name: 'k2', folderUid: 'k2-folder', interval: '1m',
    rules: [{
      uid: 'lag', title: 'Lag', condition: 'C', for: '5m', labels: { severity: 'warning' },
      data: [
        { refId: 'A', relativeTimeRange: { from: 600, to: 0 }, datasourceUid: 'prom', model: { expr: 'x' } },
        { refId: 'C', datasourceUid: '__expr__', model: { type: 'threshold', expression: 'A', conditions: [{ evaluator: { type: 'gt', params: [1] } }] } },
      ],
    }],
  };
  it('makes the API shape (with server fields and PreSave defaults) equal to the file shape', () => {
    expect(normaliseRuleGroup(api)).toEqual(normaliseRuleGroup(file));
  });
  it('fills the documented state defaults so absent and explicit compare equal', () => {
    const rule = (normaliseRuleGroup(file).rules as Array<Record<string, unknown>>)[0]!;
    expect(rule.noDataState).toBe('NoData');
    expect(rule.execErrState).toBe('Alerting');
    expect(normaliseRuleGroup(file).interval).toBe('1m');
  });
});
