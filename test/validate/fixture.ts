/**
 * A small, valid project in plain JSON: every validation test starts from a fresh copy and breaks one thing.
 * It exercises the awkward-but-valid cases on purpose: a collapsed row whose children reuse grid space, Grafana
 * variables inside PromQL, `$datasource` and `${datasource}`, a duration-string group interval, a math expression.
 */
import { fileURLToPath } from 'node:url';
import type { ProjectDefinition } from '../../src/model/index.js';

/** Loose JSON for tests that reach into definitions and break them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export const DASHBOARD_SOURCE = 'dashboards/demo.ts';
export const RULES_SOURCE = 'dashboards/demo-alerts.ts';
export const NOTIFY_SOURCE = 'dashboards/demo-notify.ts';
export const fixtureRoot = fileURLToPath(new URL('./fixtures/', import.meta.url));

const ds = { type: 'prometheus', uid: '${datasource}' };

function promTarget(refId: string, expr: string): Json {
  return { refId, expr, datasource: ds, range: true };
}

function dashboard(): Json {
  return {
    uid: 'demo',
    title: 'Demo',
    refresh: '10s',
    schemaVersion: 42,
    editable: true,
    time: { from: 'now-30m', to: 'now' },
    templating: {
      list: [
        { type: 'datasource', name: 'datasource', query: 'prometheus' },
        {
          type: 'query',
          name: 'env',
          datasource: ds,
          query: 'label_values(demo_up{job=~"$job"}, environment)',
          refresh: 1,
        },
      ],
    },
    annotations: {
      list: [
        {
          name: 'Simulated failures',
          enable: true,
          iconColor: 'purple',
          datasource: { type: 'grafana', uid: '-- Grafana --' },
          target: { limit: 100, matchAny: false, tags: ['demo-sim'], type: 'tags' },
        },
        {
          name: 'Level changes',
          enable: true,
          iconColor: 'orange',
          datasource: ds,
          expr: 'changes(demo_level{environment=~"$env"}[$__interval]) > 0',
          titleFormat: 'level changed',
        },
      ],
    },
    panels: [
      { type: 'row', id: 1, title: 'Overview', collapsed: false, panels: [], gridPos: { x: 0, y: 0, w: 24, h: 1 } },
      {
        type: 'timeseries',
        id: 2,
        title: 'Requests',
        description: 'Requests per second.',
        datasource: ds,
        gridPos: { x: 0, y: 1, w: 12, h: 8 },
        fieldConfig: { defaults: { unit: 'reqps' }, overrides: [] },
        targets: [promTarget('A', 'sum by (job) (rate(demo_requests_total{environment=~"${env}"}[$__rate_interval]))')],
      },
      {
        type: 'stat',
        id: 3,
        title: 'Level',
        description: 'Current level.',
        datasource: { type: 'prometheus', uid: '$datasource' },
        gridPos: { x: 12, y: 1, w: 12, h: 8 },
        fieldConfig: { defaults: { unit: 'none' }, overrides: [] },
        targets: [
          { refId: 'A', expr: 'max({__name__="demo_level", environment=~"[[env]]"})', datasource: { type: 'prometheus', uid: '$datasource' } },
        ],
      },
      {
        type: 'row',
        id: 4,
        title: 'Details',
        collapsed: true,
        gridPos: { x: 0, y: 9, w: 24, h: 1 },
        panels: [
          {
            type: 'timeseries',
            id: 5,
            title: 'Errors',
            description: 'Errors per second.',
            datasource: ds,
            gridPos: { x: 0, y: 10, w: 24, h: 8 },
            fieldConfig: { defaults: { unit: 'reqps' }, overrides: [] },
            targets: [promTarget('A', 'sum(rate(demo_errors_total[5m]))'), promTarget('B', 'sum(rate(demo_requests_total[5m]))')],
          },
        ],
      },
      {
        type: 'text',
        id: 6,
        title: 'Notes',
        gridPos: { x: 0, y: 10, w: 24, h: 3 },
        options: { mode: 'markdown', content: 'Read me.' },
      },
    ],
  };
}

function rule(uid: string, title: string, expr: string, threshold: Json): Json {
  return {
    uid,
    title,
    folderUID: 'demo',
    ruleGroup: 'demo-alerts',
    condition: 'C',
    data: [
      { refId: 'A', datasourceUid: 'demo-prom', relativeTimeRange: { from: 600, to: 0 }, model: { refId: 'A', expr, instant: true } },
      { refId: 'B', datasourceUid: '__expr__', model: { refId: 'B', type: 'reduce', expression: 'A', reducer: 'last' } },
      threshold,
    ],
    noDataState: 'NoData',
    execErrState: 'Error',
    for: '1m',
    annotations: {
      summary: `${title}.`,
      description: `${title}: see the runbook.`,
      runbook_url: `https://example.test/demo/blob/main/docs/runbooks.md#${uid === 'demo-level-high' ? 'demo-level-high' : 'demo-errors-5xx-1'}`,
    },
    labels: { severity: 'critical' },
  };
}

/** A fresh valid project; mutate it freely. */
export function validProject(): Json {
  // Cloned so that shared sub-objects (the datasource ref) never leak one test's mutation into the next.
  return structuredClone({
    name: 'demo',
    folders: [{ uid: 'demo', title: 'Demo' }],
    datasources: [{ uid: 'demo-prom', name: 'Prometheus', type: 'prometheus', access: 'proxy', url: 'http://127.0.0.1:9090' }],
    dashboards: [{ source: DASHBOARD_SOURCE, folderUid: 'demo', dashboard: dashboard() }],
    ruleGroups: [
      {
        source: RULES_SOURCE,
        group: {
          title: 'demo-alerts',
          folderUid: 'demo',
          interval: '1m',
          rules: [
            rule('demo-level-high', 'Demo level high', 'max(demo_level)', {
              refId: 'C',
              datasourceUid: '__expr__',
              model: { refId: 'C', type: 'threshold', expression: 'B', conditions: [{ evaluator: { type: 'gte', params: [3] } }] },
            }),
            rule('demo-errors', 'Demo errors', 'sum(rate(demo_errors_total[$__rate_interval]))', {
              refId: 'C',
              datasourceUid: '__expr__',
              model: { refId: 'C', type: 'math', expression: '$B > 1' },
            }),
          ],
        },
      },
    ],
    contactPoints: [
      {
        source: NOTIFY_SOURCE,
        contactPoint: { uid: 'demo-webhook', name: 'Demo webhook', type: 'webhook', settings: { url: '$DEMO_WEBHOOK_URL' } },
        secretSettings: ['url'],
      },
    ],
    policies: [
      {
        source: NOTIFY_SOURCE,
        route: { receiver: 'Demo webhook', routes: [{ receiver: 'Demo webhook', object_matchers: [['severity', '=', 'critical']] }] },
      },
    ],
    knownMetrics: ['demo_up', 'demo_level', 'demo_requests_total', 'demo_errors_total'],
    runbooksFile: 'docs/runbooks.md',
  } satisfies ProjectDefinition);
}

/** Accessors the corpus and accepted tests mutate the fixture through. */
export const dash = (p: Json): Json => p.dashboards[0].dashboard;
export const panel = (p: Json, id: number): Json => {
  for (const top of dash(p).panels) {
    if (top.id === id) return top;
    for (const child of top.panels ?? []) if (child.id === id) return child;
  }
  throw new Error(`fixture has no panel ${id}`);
};
export const rules = (p: Json): Json[] => p.ruleGroups[0].group.rules;
