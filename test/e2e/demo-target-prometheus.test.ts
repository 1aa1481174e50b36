/**
 * End to end on a real rule engine: Debian's Prometheus scrapes the demo target every second while `simulate`
 * injects lag and recovers. Serial by construction (one file, tests in order, sharing one target and Prometheus).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as catalog from '../../dashboards/catalog.js';
import { runCli } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { demoTargetDriver, runScenario, startDemoTarget, type DemoTarget } from '../../k2/index.js';
import { pollUntil, startTestPrometheus, type TestPrometheus } from '../support/prometheus.js';
import { provisionedQueries, substituteVariables } from './provisioned-queries.js';
import { readFileSync } from 'node:fs';
import { increaseWithNewSeries, selector, withLevelNames } from '../../dashboards/degradation/promql.js';

const root = new URL('../..', import.meta.url).pathname;
const level = (name: string) => catalog.levels.find((l) => l.name === name)!;
const m = catalog.metrics;

let target: DemoTarget;
let prometheus: TestPrometheus;
const logs: Record<string, any>[] = [];

function captureIO(): CliIO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    env: { NO_COLOR: '1' },
    cwd: root,
    isTTY: false,
    out: () => out,
    err: () => err,
  };
}

async function currentLevel(): Promise<number | undefined> {
  return (await prometheus.query(`max(${m.degradationLevel.name})`))[0]?.value;
}

/** Active alerts of the loaded rule file (Prometheus' ALERTS series), optionally in one state. */
function alerts(name: string, state?: 'pending' | 'firing') {
  return prometheus.query(`ALERTS{alertname="${name}"${state ? `,alertstate="${state}"` : ''}}`);
}

const startedAt = Date.now() / 1000;

/** The {from, to} pairs a query returns anywhere over the run (query_range, the annotation's 10 s step). */
async function pairsOverRun(expr: string): Promise<string[]> {
  const query = new URLSearchParams({ query: expr, start: String(startedAt), end: String(Date.now() / 1000), step: '10' });
  const body = (await (await fetch(`${prometheus.url}/api/v1/query_range?${query}`)).json()) as { status: string; data: { result: { metric: Record<string, string> }[] } };
  expect(body.status, expr).toBe('success');
  return body.data.result.map((r) => `${r.metric.from} -> ${r.metric.to}`).sort();
}

beforeAll(async () => {
  target = await startDemoTarget({ config: catalog, profile: catalog.profiles.demo, log: (line) => logs.push(JSON.parse(line)) });
  // The generated Prometheus twins of the alert rules run too, so their alerts can be watched live.
  prometheus = await startTestPrometheus({
    targets: [target.url],
    ruleFiles: [`${root}provisioning/prometheus/rules.yaml`],
    waitFor: m.degradationLevel.name,
  });
}, 120_000);

afterAll(async () => {
  await prometheus?.close();
  await target?.close();
});

describe('demo target scraped by a real Prometheus', () => {
  it('starts at NORMAL with every series present, zero included', async () => {
    expect(await currentLevel()).toBe(level('NORMAL').value);
    const { value: shed } = await pollUntil(() => prometheus.query(m.messagesShed.name), (s) => s.length > 0);
    expect(shed.length).toBe(catalog.tiers.length * 3);
    expect(shed.every((s) => s.value === 0)).toBe(true);
    const pairs = await prometheus.query(m.degradationTransitions.name);
    expect(pairs.length).toBe(catalog.levels.length * (catalog.levels.length - 1));
    expect(pairs.every((s) => s.value === 0)).toBe(true);
    for (const spec of Object.values(m)) {
      const samples = await prometheus.query(spec.name);
      expect(samples.length, spec.name).toBeGreaterThan(0);
      for (const s of samples) {
        expect(s.labels).toMatchObject({ ...catalog.standardLabels, component: spec.component });
        for (const label of spec.labels) expect(s.labels[label], `${spec.name} label ${label}`).toBeDefined();
      }
    }
    expect((await prometheus.query(`${m.circuitBreakerState.name}{breaker_name="${catalog.breakers[0]}"}`))[0]?.value).toBe(0);
  });

  it('simulate --scenario lag: the level reaches exactly MODERATE, for lag', async () => {
    const io = captureIO();
    const code = await runCli(
      ['simulate', '--scenario', 'lag', '--target', target.url, '--prometheus', prometheus.url, '--wait', '120', '--no-annotations'],
      io,
    );
    expect(code, io.err()).toBe(0);
    expect(io.out()).toContain(`${m.degradationLevel.name} = ${level('MODERATE').value} MODERATE`);
    // For that cause: the target logged lag-caused escalations ending at MODERATE, and Prometheus saw the transition.
    const transitions = logs.filter((r) => r.event === 'degradation_level_transition');
    expect(transitions.length).toBeGreaterThan(0);
    expect(transitions.every((r) => r.direction === 'degraded' && String(r.cause).startsWith('lag '))).toBe(true);
    expect(transitions.at(-1)!.to).toBe('MODERATE');
    const intoModerate = await prometheus.query(`${m.degradationTransitions.name}{to_level="${level('MODERATE').code}"}`);
    expect(intoModerate.reduce((a, s) => a + s.value, 0)).toBeGreaterThanOrEqual(1);
  }, 180_000);

  // Right after the transitions, so the level-change annotation query (increase over a short window) sees them too.
  it('while degraded, every PromQL expression of every generated dashboard and alert rule returns a series', async () => {
    const queries = await provisionedQueries(root);
    expect(queries.length).toBeGreaterThan(10);
    const values: Record<string, string> = {};
    for (const q of queries) {
      for (const [name, label] of Object.entries(q.variables)) {
        if (label && values[name] === undefined) {
          const found = await prometheus.query(`group by (${label}) ({${label}!=""})`);
          if (found[0]) values[name] = found[0].labels[label];
        }
      }
    }
    const empty: string[] = [];
    for (const q of queries) {
      const expr = substituteVariables(q.expr, values);
      // A query on a recorded series may trail the raw one by a rule interval (5 s): give it that long again, twice.
      const samples = await pollUntil(() => prometheus.query(expr), (s) => s.length > 0, { timeoutMs: 10_000, intervalMs: 1000 }).then((r) => r.value, () => []);
      if (samples.length === 0) empty.push(`${q.where}: ${expr}`);
    }
    expect(empty, `queries without a series:\n${empty.join('\n')}`).toEqual([]);
  }, 120_000);

  it('the lag holds: the level stays exactly MODERATE and never went past it', async () => {
    const start = Date.now();
    await pollUntil(async () => Date.now() - start, (elapsed) => elapsed > 3000, { intervalMs: 500 });
    expect(await currentLevel()).toBe(level('MODERATE').value);
    const peak = await prometheus.query(`max(max_over_time(${m.degradationLevel.name}[5m]))`);
    expect(peak[0].value).toBe(level('MODERATE').value);
    expect((await prometheus.query(`max(${m.consumerLag.name})`))[0].value).toBe(600_000);
    // The generated rules see it too: the MODERATE alert is pending (or firing once its `for` has passed).
    await pollUntil(() => alerts('K2DegradationModerate'), (a) => a.length > 0, { timeoutMs: 90_000 });
  }, 120_000);

  it('simulate --scenario recover: back to NORMAL after MODERATE, with hysteresis', async () => {
    const io = captureIO();
    const code = await runCli(
      ['simulate', '--scenario', 'recover', '--target', target.url, '--prometheus', prometheus.url, '--wait', '120', '--no-annotations', '--output', 'json'],
      io,
    );
    expect(code, io.err()).toBe(0);
    const result = JSON.parse(io.out());
    expect(result.reading).toMatchObject({ value: level('NORMAL').value, name: 'NORMAL', reached: true });
    expect(result.events.map((e: any) => `${e.scenario}:${e.phase}`)).toEqual(['lag:end']);
    // Order and cause: MODERATE by lag first, then recoveries whose cause names the recovery thresholds.
    const transitions = logs.filter((r) => r.event === 'degradation_level_transition');
    const moderateAt = transitions.findIndex((r) => r.to === 'MODERATE');
    const normalAt = transitions.findIndex((r) => r.to === 'NORMAL');
    expect(moderateAt).toBeGreaterThanOrEqual(0);
    expect(normalAt).toBeGreaterThan(moderateAt);
    for (const r of transitions.slice(moderateAt + 1)) {
      expect(r.direction).toBe('recovered');
      expect(String(r.cause)).toMatch(/^lag \d+ < \d+ and memory/);
    }
    const intoNormal = await prometheus.query(`${m.degradationTransitions.name}{to_level="${level('NORMAL').code}"}`);
    expect(intoNormal.reduce((a, s) => a + s.value, 0)).toBeGreaterThanOrEqual(1);
  }, 180_000);

  // issue 13: the annotation now reads the recorded series (provisioning/prometheus/rules.yaml); over the lag and
  // recover runs it finds the same level changes as the nested label_replace query it replaced.
  it('the level-change annotation on the recording rule returns the same series as the old nested label_replace query', async () => {
    const dashboard = JSON.parse(readFileSync(`${root}provisioning/dashboards/k2/k2-degradation.json`, 'utf8'));
    const annotation = dashboard.annotations.list.find((a: { name: string }) => a.name === 'Degradation level changes');
    const values = { environment: catalog.standardLabels.environment, service: catalog.standardLabels.service };
    const recorded = substituteVariables(annotation.target.expr, values);
    const increase = increaseWithNewSeries(selector(catalog, 'degradationTransitions'), '20s');
    const old = substituteVariables(`sum by (from, to) (${withLevelNames(catalog, withLevelNames(catalog, increase, 'from_level', 'from'), 'to_level', 'to')}) > 0`, values);
    expect(recorded).not.toContain('label_replace');
    // The recovery happened seconds ago: wait until the 10 s steps have passed it (and the 5 s recording interval).
    const recovered = (pairs: string[]) => pairs.some((p) => p.startsWith('MODERATE ->')) && pairs.some((p) => p.endsWith('-> NORMAL'));
    const { value: before } = await pollUntil(() => pairsOverRun(old), recovered, { timeoutMs: 60_000, intervalMs: 1000 });
    expect(before).toEqual(expect.arrayContaining(['NORMAL -> LIGHT', 'LIGHT -> MODERATE', 'MODERATE -> LIGHT', 'LIGHT -> NORMAL']));
    const { value: after } = await pollUntil(() => pairsOverRun(recorded), (pairs) => pairs.length >= before.length, { timeoutMs: 30_000, intervalMs: 1000 });
    expect(after).toEqual(before);
  }, 60_000);

  it('disconnect opens the breaker in Prometheus; recover closes it again', async () => {
    const driver = demoTargetDriver({ url: target.url });
    const open = await runScenario({ scenario: 'disconnect', driver, config: catalog, prometheusUrl: prometheus.url, waitSeconds: 120, pollIntervalMs: 250 });
    expect(open.reading?.breaker?.name).toBe('OPEN');
    expect(open.event).toMatchObject({ scenario: 'disconnect', phase: 'start' });
    const { value: firing } = await pollUntil(() => alerts('K2CircuitBreakerOpen', 'firing'), (a) => a.length > 0, { timeoutMs: 90_000 });
    expect(firing[0].labels).toMatchObject({ breaker_name: catalog.breakers[0], severity: 'critical' });
    const closed = await runScenario({ scenario: 'recover', driver, config: catalog, prometheusUrl: prometheus.url, waitSeconds: 0 });
    expect(closed.events.map((e) => e.eventId)).toEqual([open.event!.eventId]);
    const { value } = await pollUntil(
      async () => (await prometheus.query(`max(${m.circuitBreakerState.name})`))[0]?.value,
      (v) => v === 0,
      { timeoutMs: 120_000 },
    );
    expect(value).toBe(0);
    const breakerLogs = logs.filter((r) => r.event === 'circuit_breaker_transition').map((r) => `${r.from}->${r.to}`);
    expect(breakerLogs[0]).toBe('CLOSED->OPEN');
    expect(breakerLogs.at(-1)).toBe('HALF_OPEN->CLOSED');
    await pollUntil(() => alerts('K2CircuitBreakerOpen'), (a) => a.length === 0, { timeoutMs: 90_000 });
  }, 300_000);
});
