/**
 * The passing side of each rule: valid-but-unusual definitions that must produce no issue. Each case changes the
 * valid fixture at the edge of one rule (the corpus test holds the failing side). K2's policy is the strictest, so
 * every house rule is on.
 */
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/model/index.js';
import { k2LintPolicy } from '../../dashboards/lint-policy.js';
import { validateProject } from '../../src/validate/index.js';
import { dash, fixtureRoot, panel, rules, validProject, type Json } from './fixture.js';

const accepted: ReadonlyArray<readonly [name: string, mutate: (p: Json) => void]> = [
  // schema
  ['an interval variable with the SDK-only auto fields', (p) => {
    dash(p).templating.list.push({ type: 'interval', name: 'step', query: '1m,5m', auto: false, auto_min: '10s', auto_count: 30 });
  }],
  ['a Prometheus annotation with its query in target', (p) => {
    const annotation = dash(p).annotations.list[1];
    annotation.target = { refId: 'Anno', expr: annotation.expr };
    delete annotation.expr;
  }],
  // promql
  ['$__range, $__interval and ${__range_s} in ranges', (p) => {
    panel(p, 2).targets[0].expr = 'increase(demo_requests_total[$__range]) / ${__range_s} + rate(demo_errors_total[$__interval])';
  }],
  ['a variable as offset, as grouping label and as threshold', (p) => {
    panel(p, 2).targets[0].expr = 'sum by ($group) (demo_level offset $shift) > $threshold';
  }],
  ['a variable in a subquery', (p) => {
    panel(p, 2).targets[0].expr = 'max_over_time(demo_level[$__range:$__interval])';
  }],
  ['range vectors under offset, @, parentheses, subqueries and quantile_over_time', (p) => {
    panel(p, 2).targets[0].expr =
      'rate(demo_requests_total[5m] offset 1m) + rate((demo_errors_total[5m])) + max_over_time(rate(demo_level[1m])[10m:1m] @ end())' +
      ' + quantile_over_time(0.9, demo_level[$__range])';
  }],
  ['a variable standing for a metric name is not checked against the catalog', (p) => {
    panel(p, 2).targets[0].expr = 'rate(${metric}[5m])';
  }],
  ['a quoted metric name that is known', (p) => {
    panel(p, 2).targets[0].expr = 'sum({"demo_requests_total", job="a"})';
  }],
  ['label_values without a metric and query_result with PromQL', (p) => {
    dash(p).templating.list[1].query = 'label_values(environment)';
    dash(p).templating.list.push({ type: 'query', name: 'top', datasource: { type: 'prometheus', uid: '${datasource}' }, query: 'query_result(topk(3, demo_level))' });
  }],
  ['label names and strings that look like metrics', (p) => {
    panel(p, 2).targets[0].expr = 'label_replace(demo_level, "node_load1", "$1", "job", "(.*)")';
  }],
  ['a non-Prometheus variable query is not parsed as PromQL', (p) => {
    dash(p).templating.list.push({ type: 'custom', name: 'tier', query: 'tier_1,tier_2 (' });
  }],
  // panels
  ['a panel ending exactly at column 24, touching its neighbours', (p) => {
    panel(p, 3).gridPos = { x: 12, y: 1, w: 12, h: 8 };
    panel(p, 6).gridPos = { x: 0, y: 10, w: 24, h: 1 };
  }],
  ['children of a collapsed row reuse top-level grid space', (p) => {
    panel(p, 5).gridPos = { x: 0, y: 10, w: 24, h: 3 };
  }],
  ['text and row panels need no description, unit or datasource', (p) => {
    delete panel(p, 6).description;
    delete panel(p, 1).datasource;
  }],
  ['a library panel: its content lives in the library', (p) => {
    dash(p).panels.push({ type: 'timeseries', id: 7, gridPos: { x: 0, y: 13, w: 12, h: 4 }, libraryPanel: { uid: 'lib-1', name: 'Shared' } });
    // One that exists in Grafana and is not the project's: declared external (issue 13).
    p.libraryPanels = [{ source: 'dashboards/demo.ts', external: { uid: 'lib-1', name: 'Shared' } }];
  }],
  ['a server-side expression beside the queries', (p) => {
    panel(p, 5).targets.push({ refId: 'C', datasource: { type: '__expr__', uid: '__expr__' }, type: 'math', expression: '$A / $B' });
  }],
  ['a differently named datasource variable', (p) => {
    const d = dash(p);
    d.templating.list[0].name = 'prom';
    const retarget = (ref: Json): void => {
      if (ref?.uid === '${datasource}') ref.uid = '${prom}';
      if (ref?.uid === '$datasource') ref.uid = '$prom';
    };
    retarget(d.templating.list[1].datasource);
    retarget(d.annotations.list[1].datasource);
    for (const top of d.panels) {
      for (const entry of [top, ...(top.panels ?? [])]) {
        retarget(entry.datasource);
        for (const target of entry.targets ?? []) retarget(target.datasource);
      }
    }
  }],
  // dashboard
  ['refresh exactly 5 s', (p) => {
    dash(p).refresh = '5s';
  }],
  ['refresh off', (p) => {
    dash(p).refresh = '';
  }],
  ['refresh auto (grafana-http-api.md 14.8: kept by Grafana)', (p) => {
    dash(p).refresh = 'auto';
  }],
  ['a uid of exactly 40 characters', (p) => {
    dash(p).uid = 'a'.repeat(40);
  }],
  // alert rules
  ['group interval as a number of seconds', (p) => {
    p.ruleGroups[0].group.interval = 10;
  }],
  ['KeepLast states, a keep_firing_for and a compound for', (p) => {
    Object.assign(rules(p)[0], { noDataState: 'KeepLast', execErrState: 'KeepLast', for: '1h30m', keep_firing_for: '0s' });
  }],
  ['a rule uid of exactly 40 characters', (p) => {
    rules(p)[0].uid = 'r'.repeat(40);
  }],
  ['a relative runbook link to the second of two equal headings', (p) => {
    rules(p)[0].annotations.runbook_url = 'docs/runbooks.md#demo-errors-5xx-1';
  }],
  // contact points
  ['a secret written as ${VAR}', (p) => {
    p.contactPoints[0].contactPoint.settings.url = '${DEMO_WEBHOOK_URL}';
  }],
];

describe('valid definitions at the edge of each rule', () => {
  it.each(accepted)('%s', (_name, mutate) => {
    const project = validProject();
    mutate(project);
    expect(validateProject(project, { rootDir: fixtureRoot, lint: k2LintPolicy }).map(formatIssue)).toEqual([]);
  });

  it('skips runbook anchors when the project names no runbooks file', () => {
    const project = validProject();
    delete project.runbooksFile;
    rules(project)[0].annotations.runbook_url = 'https://wiki.example.test/anything';
    expect(validateProject(project, { rootDir: fixtureRoot, lint: k2LintPolicy })).toEqual([]);
  });
});
