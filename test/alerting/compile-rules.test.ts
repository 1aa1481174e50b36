import { describe, expect, it } from 'vitest';
import {
  compileGrafanaRuleGroup,
  compilePrometheusRules,
  reducedQuery,
  severityRoute,
  webhookContactPoint,
  type ThresholdRule,
  type ThresholdRuleGroup,
} from '../../src/alerting/index.js';
import type { JsonObject } from '../../src/model/index.js';

const rule: ThresholdRule = {
  uid: 'queue-deep',
  title: 'Queue deep',
  alertName: 'QueueDeep',
  query: 'max by (job) (queue_depth)',
  op: 'gte',
  value: 100,
  for: '1m',
  noDataState: 'NoData',
  execErrState: 'Error',
  severity: 'warning',
  summary: 'Queue of {{ $labels.job }} is deep',
  description: 'More than 100 items wait.',
  runbookAnchor: 'queue-deep',
  labels: { team: 'ops' },
};
const group: ThresholdRuleGroup = { name: 'ops', folderUid: 'ops-folder', intervalSeconds: 30, rules: [rule] };
const options = { source: 'defs/rules.ts', datasourceUid: 'prom-uid', runbookBaseUrl: 'docs/runbooks.md' };

describe('compileGrafanaRuleGroup', () => {
  const compiled = compileGrafanaRuleGroup(group, options);
  const [grafanaRule] = compiled.group.rules as JsonObject[];
  const data = grafanaRule.data as JsonObject[];

  it('builds the AlertRuleGroup shape with org 1, folder, interval and the rule', () => {
    expect(compiled.source).toBe('defs/rules.ts');
    expect(compiled.group).toMatchObject({ title: 'ops', folderUid: 'ops-folder', interval: 30 });
    expect(grafanaRule).toMatchObject({
      uid: 'queue-deep',
      title: 'Queue deep',
      orgID: 1,
      folderUID: 'ops-folder',
      ruleGroup: 'ops',
      condition: 'C',
      for: '1m',
      noDataState: 'NoData',
      execErrState: 'Error',
      labels: { team: 'ops', severity: 'warning' },
      annotations: {
        summary: 'Queue of {{ $labels.job }} is deep',
        description: 'More than 100 items wait.',
        runbook_url: 'docs/runbooks.md#queue-deep',
      },
    });
  });

  it('queries A raw against the datasource uid, reduces in B and compares in C', () => {
    expect(data.map((q) => q.refId)).toEqual(['A', 'B', 'C']);
    expect(data[0]).toMatchObject({
      datasourceUid: 'prom-uid',
      relativeTimeRange: { from: 600, to: 0 },
      model: { expr: 'max by (job) (queue_depth)', refId: 'A', instant: true },
    });
    expect(data[1]).toMatchObject({ datasourceUid: '__expr__', model: { type: 'reduce', expression: 'A', reducer: 'last' } });
    expect(data[2]).toMatchObject({
      datasourceUid: '__expr__',
      model: { type: 'threshold', expression: 'B', conditions: [{ evaluator: { type: 'gte', params: [100] } }] },
    });
  });

  it('queries a range when the reducer looks at more than the last value', () => {
    const ranged = compileGrafanaRuleGroup({ ...group, rules: [{ ...rule, reducer: 'max' }] }, options);
    const model = ((ranged.group.rules as JsonObject[])[0].data as JsonObject[])[0].model as JsonObject;
    expect(model).toMatchObject({ range: true, instant: false });
  });
});

describe('compilePrometheusRules', () => {
  it('writes `(query) <op> value` with the same labels and annotations', () => {
    const file = compilePrometheusRules([group], { runbookBaseUrl: 'docs/runbooks.md' });
    expect(file.groups).toEqual([
      {
        name: 'ops',
        interval: '30s',
        rules: [
          {
            alert: 'QueueDeep',
            expr: '(max by (job) (queue_depth)) >= 100',
            for: '1m',
            labels: { team: 'ops', severity: 'warning' },
            annotations: {
              summary: 'Queue of {{ $labels.job }} is deep',
              description: 'More than 100 items wait.',
              runbook_url: 'docs/runbooks.md#queue-deep',
            },
          },
        ],
      },
    ]);
  });

  it('adds an absent() twin for a rule that alerts on no data', () => {
    const file = compilePrometheusRules([{ ...group, rules: [{ ...rule, noDataState: 'Alerting', op: 'lt', value: 1 }] }], {
      runbookBaseUrl: 'r.md',
    });
    const rules = file.groups[0].rules;
    expect(rules.map((r) => r.expr)).toEqual(['(max by (job) (queue_depth)) < 1', 'absent((max by (job) (queue_depth)))']);
    expect(rules[1]).toMatchObject({ alert: 'QueueDeep', labels: { no_data: 'true', severity: 'warning' } });
  });

  it('maps each threshold op to its PromQL operator', () => {
    const ops = { gt: '>', gte: '>=', lt: '<', lte: '<=', eq: '==', ne: '!=' } as const;
    for (const [op, symbol] of Object.entries(ops)) {
      const file = compilePrometheusRules([{ ...group, rules: [{ ...rule, op: op as ThresholdRule['op'], value: 3 }] }], {
        runbookBaseUrl: 'r.md',
      });
      expect(file.groups[0].rules[0].expr).toBe(`(max by (job) (queue_depth)) ${symbol} 3`);
    }
  });

  it('turns range reducers into *_over_time over the rule time range', () => {
    expect(reducedQuery({ ...rule, reducer: 'max', relativeTimeRange: { from: 300, to: 0 } })).toBe(
      'max_over_time((max by (job) (queue_depth))[300s:])',
    );
    expect(reducedQuery({ ...rule, reducer: 'mean' })).toBe('avg_over_time((max by (job) (queue_depth))[600s:])');
    expect(reducedQuery({ ...rule, reducer: 'median', relativeTimeRange: { from: 600, to: 60 } })).toBe(
      'quantile_over_time(0.5, (max by (job) (queue_depth))[540s:] offset 60s)',
    );
  });
});

describe('compilePrometheusRules: Grafana variables', () => {
  const withQuery = (query: string, intervalSeconds = 30) =>
    compilePrometheusRules([{ ...group, intervalSeconds, rules: [{ ...rule, query, relativeTimeRange: { from: 300, to: 0 } }] }], { runbookBaseUrl: 'r.md' })
      .groups[0].rules[0].expr;

  it('replaces $__rate_interval, $__interval, $__range (every spelling) with the durations Grafana would use', () => {
    // Grafana: $__rate_interval = max($__interval + scrape, 4 x scrape); scrape 15 s by default.
    expect(withQuery('sum(rate(x_total[$__rate_interval]))')).toBe('(sum(rate(x_total[60s]))) >= 100');
    expect(withQuery('sum(rate(x_total[${__rate_interval}]))', 60)).toBe('(sum(rate(x_total[75s]))) >= 100');
    expect(withQuery('increase(x_total[[[__range]]]) / $__range_s', 60)).toBe('(increase(x_total[300s]) / 300) >= 100');
    expect(withQuery('avg_over_time(x[$__interval])', 20)).toBe('(avg_over_time(x[20s])) >= 100');
  });

  it('refuses a variable Prometheus cannot have, naming the rule', () => {
    expect(() => withQuery('x{env="$env"}')).toThrow(/rule group "ops" > rule "Queue deep": the query uses \$env/);
    expect(() => withQuery('x > $__from')).toThrow(/\$__from, which has no value in a Prometheus rule file/);
  });

  it('refuses an expression Prometheus would reject', () => {
    expect(() => withQuery('rate(x_total)')).toThrow(/would be rejected by Prometheus/);
  });
});

describe('webhookContactPoint', () => {
  it('writes the URL as an environment reference and marks it secret', () => {
    const cp = webhookContactPoint({ source: 's.ts', uid: 'hook', name: 'Hook', urlEnvVar: 'MY_HOOK_URL' });
    expect(cp.contactPoint).toMatchObject({ uid: 'hook', name: 'Hook', type: 'webhook', settings: { url: '$MY_HOOK_URL' } });
    expect(cp.secretSettings).toEqual(['url']);
  });

  it('refuses anything but a variable name (a literal URL would end up in artifacts), without echoing it', () => {
    const call = () => webhookContactPoint({ source: 's.ts', uid: 'h', name: 'H', urlEnvVar: 'https://hooks.example/s3cr3t-path' });
    expect(call).toThrow(/s\.ts > contact point "H": urlEnvVar must be the NAME of an environment variable/);
    try {
      call();
    } catch (error) {
      const e = error as { message: string; hint: string; issues: string[] };
      expect(`${e.message} ${e.hint} ${e.issues.join(' ')}`).not.toMatch(/hooks\.example|s3cr3t/);
    }
  });
});

describe('severityRoute', () => {
  it('matches the project labels and routes by severity', () => {
    const policy = severityRoute({
      source: 's.ts',
      receiver: 'Hook',
      match: { team: 'ops' },
      groupBy: ['alertname'],
      severities: [{ severity: 'critical', repeatInterval: '30m' }, { severity: 'warning', receiver: 'Other' }],
    });
    expect(policy.route).toEqual({
      receiver: 'Hook',
      object_matchers: [['team', '=', 'ops']],
      group_by: ['alertname'],
      routes: [
        { receiver: 'Hook', object_matchers: [['severity', '=', 'critical']], repeat_interval: '30m' },
        { receiver: 'Other', object_matchers: [['severity', '=', 'warning']] },
      ],
    });
  });
});
