/**
 * The Prometheus twins of the Grafana alert rules, tested on a real rule engine: `promtool test rules` on synthetic
 * series that cross each rule's threshold and fall back below it. Every input value is derived from the rule's
 * catalog threshold, so a catalog change moves the rules and the inputs together: the variant-catalog case proves
 * the tests still pass, and the crossed case proves they would notice a mismatch.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { buildPrometheusRules, k2RuleGroup, type Catalog } from '../../dashboards/index.js';
import * as k2 from '../../dashboards/catalog.js';
import type { ThresholdRule } from '../../src/alerting/index.js';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const STEP = 10; // seconds between synthetic samples; the rule group's interval
let dir: string;

beforeAll(async () => {
  const { stdout } = await run('promtool', ['--version']).catch(() => {
    throw new Error('promtool is required for this test: apt-get install -y --no-install-recommends prometheus (or run bash .ci/run)');
  });
  expect(stdout).toContain('promtool');
  dir = await mkdtemp(join(tmpdir(), 'k2-promtool-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A catalog with every threshold the rules read moved, to show the inputs follow it. */
function variantCatalog(): Catalog {
  return {
    ...k2,
    levels: k2.levels.map((l) =>
      l.lagTrigger === undefined ? l : { ...l, lagTrigger: Math.round(l.lagTrigger * 0.8), memoryTrigger: l.memoryTrigger },
    ),
    profiles: { ...k2.profiles, k2: { ...k2.profiles.k2, healthCheckTimeoutSeconds: 45 } },
    alerting: { ...k2.alerting, flappingTransitions: 7, degradedForSeconds: 60 },
  } as unknown as Catalog;
}

const seconds = (duration: string) => {
  const match = /^(\d+)([smh])$/.exec(duration);
  if (!match) throw new Error(`unsupported duration ${duration}`);
  return Number(match[1]) * { s: 1, m: 60, h: 3600 }[match[2] as 's' | 'm' | 'h'];
};

/** Query values on either side of the threshold: `fire` satisfies the rule's comparison, `ok` just misses it. */
function sides(rule: ThresholdRule): { fire: number; ok: number } {
  const v = rule.value;
  switch (rule.op) {
    case 'gte': return { fire: v, ok: v - 1 };
    case 'gt': return { fire: v + 1, ok: v };
    case 'lt': return { fire: v - 1, ok: v };
    case 'lte': return { fire: v, ok: v + 1 };
    case 'eq': return { fire: v, ok: v === 0 ? 1 : v - 1 };
    case 'ne': return { fire: v + 1, ok: v };
  }
}

interface RuleCase {
  readonly series: string;
  readonly values: string;
  /** [eval time in s, firing?] */
  readonly checks: readonly (readonly [number, boolean])[];
  readonly extraLabels?: Record<string, string>;
}

/**
 * Synthetic input for one rule. The query kind decides how a raw series maps to the query's value: a gauge is the
 * value itself; `time() - ts` is the age of a timestamp; `increase(...)` is what a counter gained; `count(...)` is
 * the series' presence (its `< 1` side is the absent() twin's job).
 */
function ruleCase(rule: ThresholdRule, catalog: Catalog): RuleCase {
  const metric = Object.values(catalog.metrics).find((m) => rule.query.includes(`${m.name}{`));
  if (!metric) throw new Error(`rule ${rule.alertName}: its query names no catalog metric`);
  const labels: Record<string, string> = { ...catalog.standardLabels, component: metric.component };
  const specific: Record<string, string> = { ...catalog.consumerLabels, partition: '0', breaker_name: catalog.breakers[0] };
  for (const name of metric.labels) labels[name] = specific[name] ?? `test_${name}`;
  const series = `${metric.name}{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',')}}`;
  const forS = seconds(rule.for);
  const { fire, ok } = sides(rule);
  const okSteps = 6;
  const hold = Math.ceil((forS + 40) / STEP);
  const values: (number | string)[] = [];
  const checks: [number, boolean][] = [[(okSteps - 1) * STEP, false]];

  if (rule.query.startsWith('time() -')) {
    // Fresh timestamps, then frozen: its age crosses the threshold, then fresh again.
    const frozenSteps = Math.ceil((rule.value + forS + 40) / STEP);
    const frozenAt = (okSteps - 1) * STEP;
    for (let i = 0; i < okSteps; i++) values.push(i * STEP);
    for (let i = 0; i < frozenSteps; i++) values.push(frozenAt);
    const resumed = okSteps + frozenSteps;
    for (let i = resumed; i < resumed + 6; i++) values.push(i * STEP);
    checks.push([frozenAt + rule.value + forS + 20, true], [(resumed + 2) * STEP, false]);
  } else if (/increase\(/.test(rule.query)) {
    const window = seconds(/\[(\d+[smh])\]/.exec(rule.query)![1]);
    const after = Math.ceil((window + 60) / STEP);
    for (let i = 0; i < okSteps; i++) values.push(0);
    for (let i = 0; i < hold + after; i++) values.push(fire);
    checks.push([okSteps * STEP + forS + 20, true], [okSteps * STEP + window + 60, false]);
  } else if (rule.query.startsWith('count(')) {
    // Present, then gone (stale): the absent() twin fires; back again, it resolves.
    for (let i = 0; i < okSteps; i++) values.push(1);
    values.push('stale');
    for (let i = 1; i < hold; i++) values.push('_');
    for (let i = 0; i < 6; i++) values.push(1);
    checks.push([okSteps * STEP + forS + 20, true], [(okSteps + hold + 2) * STEP, false]);
    return { series, values: values.join(' '), checks, extraLabels: { no_data: 'true' } };
  } else {
    for (let i = 0; i < okSteps; i++) values.push(ok);
    for (let i = 0; i < hold; i++) values.push(fire);
    for (let i = 0; i < 6; i++) values.push(ok);
    checks.push([okSteps * STEP + forS + 20, true], [(okSteps + hold + 2) * STEP, false]);
    // Pending, not firing, before the `for` period has passed.
    if (forS >= 2 * STEP) checks.push([okSteps * STEP + STEP, false]);
  }
  return { series, values: values.join(' '), checks };
}

/** The labels and annotations promtool reports for the firing alert. */
function expectedAlert(rule: ThresholdRule, prometheusRule: { labels: Record<string, string>; annotations: Record<string, string> }, seriesLabels: Record<string, string>, extra: Record<string, string> = {}) {
  const by = /\bby \(([^)]*)\)/.exec(rule.query)?.[1].split(',').map((s) => s.trim()).filter(Boolean) ?? [];
  const fromSeries = extra.no_data ? {} : Object.fromEntries(by.map((name) => [name, seriesLabels[name]]));
  const expand = (text: string) => text.replace(/\{\{\s*\$labels\.(\w+)\s*\}\}/g, (_, name: string) => ({ ...fromSeries }[name] ?? ''));
  return {
    exp_labels: { ...prometheusRule.labels, ...fromSeries, ...extra },
    exp_annotations: Object.fromEntries(Object.entries(prometheusRule.annotations).map(([k, v]) => [k, expand(v)])),
  };
}

function labelsOf(series: string): Record<string, string> {
  return Object.fromEntries([...series.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

/** Write the rules from `rulesCatalog` and a promtool test built from `inputCatalog`; run it. */
async function promtoolTest(name: string, rulesCatalog: Catalog, inputCatalog: Catalog): Promise<{ ok: boolean; output: string; cases: number }> {
  const rulesFile = buildPrometheusRules(rulesCatalog);
  const group = rulesFile.groups[0];
  const inputRules = k2RuleGroup(inputCatalog).rules;
  const tests = inputRules.map((rule) => {
    const c = ruleCase(rule, inputCatalog);
    const twin = group.rules.find((r) => 'alert' in r && r.alert === rule.alertName && (c.extraLabels?.no_data ? r.labels.no_data === 'true' : r.labels.no_data === undefined))!;
    const alert = expectedAlert(rule, twin as never, labelsOf(c.series), c.extraLabels);
    return {
      interval: `${STEP}s`,
      input_series: [{ series: c.series, values: c.values }],
      alert_rule_test: c.checks.map(([t, firing]) => ({ eval_time: `${t}s`, alertname: rule.alertName, exp_alerts: firing ? [alert] : [] })),
    };
  });
  await writeFile(join(dir, `${name}.rules.yaml`), stringify(rulesFile));
  await writeFile(join(dir, `${name}.test.yaml`), stringify({ rule_files: [`${name}.rules.yaml`], evaluation_interval: `${STEP}s`, tests }));
  try {
    const { stdout, stderr } = await run('promtool', ['test', 'rules', `${name}.test.yaml`], { cwd: dir });
    return { ok: true, output: stdout + stderr, cases: tests.length };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}`, cases: tests.length };
  }
}

describe('Prometheus equivalents of the alert rules under promtool test rules', () => {
  it('the committed provisioning/prometheus rules are the ones generated from the catalog', async () => {
    const committed = parse(await readFile(join(root, 'provisioning/prometheus/rules.yaml'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(buildPrometheusRules(k2))));
  });

  it('every rule fires once its series crosses the catalog threshold (after its for period) and resolves below it', async () => {
    const result = await promtoolTest('k2', k2, k2);
    expect(result.ok, result.output).toBe(true);
    expect(result.output).toContain('SUCCESS');
    expect(result.cases).toBe(k2RuleGroup(k2).rules.length);
  }, 60_000);

  it('with every threshold moved in the catalog, rules and inputs move together and still pass', async () => {
    const result = await promtoolTest('variant', variantCatalog(), variantCatalog());
    expect(result.ok, result.output).toBe(true);
  }, 60_000);

  it('would notice: rules from the real catalog fail inputs derived from the moved thresholds', async () => {
    const result = await promtoolTest('crossed', k2, variantCatalog());
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/FAILED/);
  }, 60_000);
});
