import type { JsonObject, ProjectDefinition } from '../../src/model/index.js';

/**
 * A synthetic project of the size the benchmark and the fault tests need: `dashboards` dashboards of four panels
 * over two nested folders, `rules` alert rules in groups of ten, one datasource, one webhook contact point (its URL
 * from $SYNTH_WEBHOOK_URL) and one policy route. Deterministic: same arguments, same project.
 */
export interface SyntheticOptions {
  readonly dashboards: number;
  readonly rules: number;
  readonly name?: string;
  /** Panels query `${datasource}`, a datasource template variable, as the validator's defaults want. @default false */
  readonly datasourceVariable?: boolean;
  /** Folders the dashboards spread over: the two nested ones, then flat `synth-f<i>` ones. @default 2 */
  readonly folders?: number;
}

const DS = { type: 'prometheus', uid: 'synth-prom' };

const VARIABLE_DS = { type: 'prometheus', uid: '${datasource}' };

function panel(d: number, p: number, ds: JsonObject = DS): JsonObject {
  return {
    id: p + 1,
    type: 'timeseries',
    title: `Panel ${p + 1} of dashboard ${d}`,
    description: 'Synthetic panel',
    gridPos: { x: (p % 2) * 12, y: Math.floor(p / 2) * 8, w: 12, h: 8 },
    datasource: ds,
    fieldConfig: { defaults: { unit: 'short' }, overrides: [] },
    options: { legend: { displayMode: 'list', placement: 'bottom', showLegend: true } },
    targets: [{ refId: 'A', datasource: ds, expr: `sum(rate(synthetic_metric_${p}_total{dashboard="${d}"}[5m]))` }],
  };
}

export function syntheticDashboard(d: number, folderUid: string, datasourceVariable = false): JsonObject {
  return {
    uid: `synth-${String(d).padStart(4, '0')}`,
    title: `Synthetic dashboard ${d}`,
    tags: ['synthetic'],
    editable: true,
    schemaVersion: 42,
    refresh: '30s',
    time: { from: 'now-1h', to: 'now' },
    timezone: 'browser',
    templating: { list: datasourceVariable ? [{ type: 'datasource', name: 'datasource', query: 'prometheus' }] : [] },
    annotations: { list: [] },
    panels: [0, 1, 2, 3].map((p) => panel(d, p, datasourceVariable ? VARIABLE_DS : DS)),
  };
}

function rule(r: number, group: string, folderUid: string): JsonObject {
  return {
    uid: `synth-rule-${String(r).padStart(4, '0')}`,
    title: `Synthetic rule ${r}`,
    ruleGroup: group,
    folderUID: folderUid,
    condition: 'C',
    data: [
      { refId: 'A', relativeTimeRange: { from: 600, to: 0 }, datasourceUid: DS.uid, model: { refId: 'A', expr: `synthetic_gauge_${r}`, instant: true } },
      { refId: 'B', relativeTimeRange: { from: 0, to: 0 }, datasourceUid: '__expr__', model: { refId: 'B', type: 'reduce', expression: 'A', reducer: 'last' } },
      { refId: 'C', relativeTimeRange: { from: 0, to: 0 }, datasourceUid: '__expr__', model: { refId: 'C', type: 'threshold', expression: 'B', conditions: [{ evaluator: { type: 'gt', params: [r] } }] } },
    ],
    noDataState: 'NoData',
    execErrState: 'Error',
    for: '5m',
    labels: { severity: r % 2 === 0 ? 'warning' : 'critical' },
    annotations: { summary: `Synthetic gauge ${r} is high` },
    isPaused: false,
  };
}

export function syntheticProject(options: SyntheticOptions): ProjectDefinition {
  const folders: { uid: string; title: string; parentUid?: string }[] = [
    { uid: 'synth', title: 'Synthetic' },
    { uid: 'synth-nested', title: 'Synthetic nested', parentUid: 'synth' },
  ];
  for (let f = 2; f < (options.folders ?? 2); f++) folders.push({ uid: `synth-f${f}`, title: `Synthetic ${f}` });
  const dashboards = Array.from({ length: options.dashboards }, (_, d) => {
    const folderUid = folders[d % folders.length].uid;
    return { source: 'test/provision/synthetic-project.ts', folderUid, dashboard: syntheticDashboard(d, folderUid, options.datasourceVariable) };
  });
  const ruleGroups = [];
  for (let start = 0; start < options.rules; start += 10) {
    const title = `synthetic-${start / 10}`;
    const rules = [];
    for (let r = start; r < Math.min(options.rules, start + 10); r++) rules.push(rule(r, title, 'synth'));
    ruleGroups.push({ source: 'test/provision/synthetic-project.ts', group: { title, folderUid: 'synth', interval: 60, rules } });
  }
  return {
    name: options.name ?? 'synthetic',
    folders,
    datasources: [{ uid: DS.uid, name: 'Synthetic Prometheus', type: 'prometheus', access: 'proxy', url: 'http://prometheus:9090', jsonData: { httpMethod: 'POST' } }],
    dashboards,
    ruleGroups,
    contactPoints: [{
      source: 'test/provision/synthetic-project.ts',
      contactPoint: { uid: 'synth-webhook', name: 'Synthetic webhook', type: 'webhook', settings: { url: '$SYNTH_WEBHOOK_URL', httpMethod: 'POST' }, disableResolveMessage: false },
      secretSettings: ['url'],
    }],
    policies: [{
      source: 'test/provision/synthetic-project.ts',
      route: { receiver: 'Synthetic webhook', object_matchers: [['severity', '=', 'critical']], group_by: ['alertname'] },
    }],
    knownMetrics: [],
  };
}

export const syntheticEnv = { SYNTH_WEBHOOK_URL: 'https://hooks.example.test/synthetic/T0KEN-never-printed' };
