import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as catalog from '../../dashboards/catalog.js';
import { createPrometheusClient, type PromSeries } from '../../src/annotations/index.js';
import { demoQueries, parseExposition, sumBy, type DemoReading } from '../../k2/index.js';
import { startDemoTarget, startLocalPrometheus, type DemoTarget, type LocalPrometheus } from '../../k2/index.js';
import { startEmulator, type Emulator } from '../emulator/emulator.js';

// `npm run demo` end to end, as a child process, against test instances. The figures it prints must equal values
// read from Prometheus (re-queried at the evaluation times it reports) or from the target's /metrics.
const root = resolve(import.meta.dirname, '..', '..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runDemo(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn('npm', ['run', '--silent', 'demo', '--', ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', fail);
    child.once('exit', (code) => done({ code, stdout, stderr }));
  });
}

interface Report {
  source: string;
  rateWindowSeconds: number;
  readings: Record<'baseline' | 'degraded' | 'recovered', DemoReading>;
  actions: { lag: { at: number; events: { eventId: string; phase: string }[] }; recover: { at: number } };
  shown: { figure: string; value: number; text: string }[];
  queries?: Record<string, string>;
  annotations: { outcome: string }[];
}

function byLabel(series: PromSeries[], label: string): Record<string, number> {
  return Object.fromEntries(series.map((s) => [s.metric[label] ?? '', s.samples[0]![1]]).sort(([a], [b]) => String(a).localeCompare(String(b))));
}

let dir: string;
let target: DemoTarget;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'k2-demo-cli-'));
  target = await startDemoTarget({ config: catalog, profile: catalog.profiles.demo, port: 0 });
}, 60_000);
afterAll(async () => {
  await target?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('npm run demo', () => {
  describe('with Prometheus and Grafana (emulator)', () => {
    let prometheus: LocalPrometheus;
    let emu: Emulator;
    beforeAll(async () => {
      prometheus = await startLocalPrometheus({ targets: [target.url], intervalSeconds: 1 });
      await prometheus.waitForData(catalog.metrics.degradationLevel.name, { timeoutMs: 60_000 });
      emu = await startEmulator({ seed: 77 });
    }, 60_000);
    afterAll(async () => {
      await emu?.close();
      await prometheus?.close();
    });

    it('prints figures equal to Prometheus at the evaluation times it reports, and annotates the failure', async () => {
      const jsonFile = join(dir, 'demo.json');
      const run = await runDemo(['--quick', '--scrape-interval', '1', '--json-out', jsonFile, '--journal', join(dir, 'j1')], {
        PROMETHEUS_URL: prometheus.url,
        K2_DEMO_TARGET_URL: target.url,
        GRAFANA_URL: emu.url,
        GRAFANA_TOKEN: emu.adminToken,
      });
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(await readFile(jsonFile, 'utf8')) as Report;
      expect(report.source).toBe('prometheus');
      // The demo read the test's Prometheus (not one of its own), so re-querying it below checks the same data.
      expect(run.stdout).toContain(`figures: Prometheus at ${prometheus.url} (scrape interval taken as 1 s)`);

      // Re-run every query at the reading's evaluation time: identical values.
      const queries = demoQueries(catalog, report.rateWindowSeconds);
      expect(report.queries).toEqual(queries);
      const prom = createPrometheusClient({ url: prometheus.url });
      for (const [name, reading] of Object.entries(report.readings)) {
        const t = reading.at / 1000;
        const requery = {
          level: await prom.scalar(queries.level, t),
          lag: await prom.scalar(queries.lag, t),
          shedTotal: await prom.scalar(queries.shedTotal, t),
          shedByTier: byLabel(await prom.query(queries.shedByTier, t), 'symbol_tier'),
          consumedRate: await prom.scalar(queries.consumedRate, t),
          processedRate: await prom.scalar(queries.processedRate, t),
          shedRateByTier: byLabel(await prom.query(queries.shedRateByTier, t), 'symbol_tier'),
          receivedRateBySymbol: byLabel(await prom.query(queries.receivedRateBySymbol, t), 'symbol'),
        };
        expect({ at: reading.at, ...requery }, name).toEqual(reading);
      }

      // Every figure shown is in the output, and is the reading's value (or a difference of two readings).
      const r = report.readings;
      const expectedValue = (figure: string): number | undefined => {
        const diff = /^(\w+)\.(\w+)-(\w+)\.(\w+)$/.exec(figure);
        if (diff) return (r as never)[diff[1]!][diff[2]!] - (r as never)[diff[3]!][diff[4]!];
        const [reading, field, label] = figure.split('.');
        const value = (r as unknown as Record<string, Record<string, unknown>>)[reading!]?.[field!];
        if (label !== undefined && typeof value === 'object' && value !== null) return (value as Record<string, number>)[label] ?? 0;
        return typeof value === 'number' ? value : undefined;
      };
      let checked = 0;
      for (const shown of report.shown) {
        expect(run.stdout, shown.figure).toContain(shown.text);
        const value = expectedValue(shown.figure);
        if (value !== undefined) {
          expect(shown.value, shown.figure).toBe(value);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(10);
      const change = report.shown.find((s) => s.figure === 'processedRate.change')!;
      expect(change.value).toBeCloseTo(((r.degraded.processedRate - r.baseline.processedRate) / r.baseline.processedRate) * 100, 9);

      // The story the catalog predicts: MODERATE, tier 3 shed, tier 1 never, back to NORMAL with every symbol.
      expect(r.baseline.level).toBe(0);
      expect(r.degraded.level).toBe(2);
      expect(r.degraded.shedRateByTier.tier_3).toBeGreaterThan(0);
      expect(r.degraded.shedRateByTier.tier_2).toBe(0);
      expect(r.recovered.shedByTier.tier_1).toBe(r.baseline.shedByTier.tier_1);
      expect(r.recovered.level).toBe(0);
      expect(run.stdout).toMatch(/MODERATE\s+[\d,]+\s+ADA, DOGE/);

      // One region annotation for the lag failure, from the lag action to the recover action.
      const regions = [...emu.state.annotations.values()].filter((a) => a.tags.includes(catalog.grafana.simulationAnnotationTag));
      const lagEvent = report.actions.lag.events.find((e) => e.phase === 'start')!;
      expect(regions).toHaveLength(1);
      expect(regions[0]).toMatchObject({ time: report.actions.lag.at, timeEnd: report.actions.recover.at });
      expect(regions[0]!.tags).toContain(`event:${lagEvent.eventId}`);
      expect(report.annotations.map((a) => a.outcome)).toEqual(['sent', 'sent']);
    }, 240_000);
  });

  it('without Prometheus or Grafana reads /metrics and journals the annotations, and says so', async () => {
    const jsonFile = join(dir, 'demo-metrics.json');
    const journal = join(dir, 'j2');
    const run = await runDemo(['--quick', '--source', 'metrics', '--json-out', jsonFile, '--journal', journal], {
      K2_DEMO_TARGET_URL: target.url,
      // A port nothing listens on: Grafana is unreachable.
      GRAFANA_URL: 'http://127.0.0.1:9',
      PROMETHEUS_URL: '',
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`figures: read directly from ${target.url}/metrics`);
    expect(run.stdout).toContain('so they go to the journal');
    const report = JSON.parse(await readFile(jsonFile, 'utf8')) as Report;
    expect(report.source).toBe('metrics');
    expect(report.annotations.map((a) => a.outcome)).toEqual(['journaled', 'journaled']);
    expect((await readFile(journal, 'utf8')).trim().split('\n')).toHaveLength(2);

    // At NORMAL with the backlog drained nothing more is shed, so the final shed totals still match /metrics now.
    const text = await (await fetch(`${target.url}/metrics`)).text();
    const samples = parseExposition(text);
    const shed = sumBy(samples, catalog.metrics.messagesShed.name, { component: catalog.metrics.messagesShed.component }, 'symbol_tier');
    expect(report.readings.recovered.shedByTier).toEqual(shed);
    const level = sumBy(samples, catalog.metrics.degradationLevel.name, { component: catalog.metrics.degradationLevel.component })[''];
    expect(report.readings.recovered.level).toBe(level);
    expect(report.readings.degraded.level).toBe(2);
    for (const shown of report.shown) expect(run.stdout, shown.figure).toContain(shown.text);
  }, 240_000);
});
