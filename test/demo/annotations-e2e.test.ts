import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as catalog from '../../dashboards/catalog.js';
import {
  createAnnotationEmitter,
  createPrometheusClient,
  grafanaAnnotationApi,
  LevelWatcher,
  runLevelWatcher,
  type PrometheusClient,
} from '../../src/annotations/index.js';
import { createGrafanaClient } from '../../src/grafana/index.js';
import { annotateFailureEvent, startDemoTarget, startLocalPrometheus, type DemoTarget, type LocalPrometheus } from '../../k2/index.js';
import { startEmulator, type Emulator } from '../emulator/emulator.js';

// End to end: real Prometheus (Debian package) scraping the demo target, the Grafana emulator, the emitter and the
// watcher. Deadlines are generous: the machines have two cores and other suites run alongside.
const selector = `${catalog.metrics.degradationLevel.name}{component="${catalog.metrics.degradationLevel.component}"}`;
const simTag = catalog.grafana.simulationAnnotationTag;
const levelTag = catalog.grafana.levelChangeAnnotationTag;
const toleranceMs = 1500;

let target: DemoTarget;
let prometheus: LocalPrometheus;
let promClient: PrometheusClient;
let emu: Emulator;
let dir: string;
const startedAt = Date.now();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'k2-demo-e2e-'));
  target = await startDemoTarget({ config: catalog, profile: catalog.profiles.demo, port: 0 });
  prometheus = await startLocalPrometheus({ targets: [target.url], intervalSeconds: 1 });
  promClient = createPrometheusClient({ url: prometheus.url });
  emu = await startEmulator({ seed: 606 });
  await prometheus.waitForData(selector, { timeoutMs: 60_000 });
}, 90_000);

afterAll(async () => {
  await emu?.close();
  await prometheus?.close();
  await target?.close();
  await rm(dir, { recursive: true, force: true });
});

async function waitForLevel(value: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await promClient.scalar(`max(${selector})`)) === value) return;
    if (Date.now() > deadline) throw new Error(`level ${value} not seen in Prometheus within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const names = (v: number) => catalog.levelByValue(v).name;

describe('failure annotations and level watch, end to end', () => {
  it('marks each failure as one region matching the actions, and each level change once', async () => {
    const client = createGrafanaClient({ ...emu.clientOptions(), proxy: false, timeoutMs: 5000 });
    const emitter = createAnnotationEmitter({ api: grafanaAnnotationApi(client), journal: join(dir, 'sim.journal'), baseTags: [simTag] });
    const watchEmitter = createAnnotationEmitter({ api: grafanaAnnotationApi(client), journal: join(dir, 'watch.journal'), baseTags: [levelTag] });
    const watcher = new LevelWatcher({ prometheus: promClient, emitter: watchEmitter, selector, levelName: names });
    const stop = new AbortController();
    const watching = runLevelWatcher(watcher, { intervalMs: 500, signal: stop.signal });

    await waitForLevel(0);
    const lagBefore = Date.now();
    const lag = target.applyScenario({ name: 'lag' });
    const lagAfter = Date.now();
    for (const event of lag.events) expect((await annotateFailureEvent(emitter, event)).outcome).toBe('sent');
    await waitForLevel(2);

    const recoverBefore = Date.now();
    const recover = target.applyScenario({ name: 'recover' });
    const recoverAfter = Date.now();
    for (const event of recover.events) expect((await annotateFailureEvent(emitter, event)).outcome).toBe('sent');
    await waitForLevel(0);

    // Let the watcher see the last samples, then compare with Prometheus' own raw samples.
    const seconds = Math.ceil((Date.now() - startedAt) / 1000) + 30;
    const changesIn = async () => {
      const [series] = await promClient.query(`${selector}[${seconds}s]`);
      const samples = series!.samples;
      const changes: [number, number, number][] = [];
      for (let i = 1; i < samples.length; i++) {
        if (samples[i]![1] !== samples[i - 1]![1]) changes.push([samples[i - 1]![1], samples[i]![1], Math.round(samples[i]![0] * 1000)]);
      }
      return changes;
    };
    const watched = () => [...emu.state.annotations.values()].filter((a) => a.tags.includes(levelTag));
    const deadline = Date.now() + 30_000;
    let expected = await changesIn();
    while (watched().length < expected.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      expected = await changesIn();
    }
    stop.abort();
    await watching;

    // One region for the lag failure: right tags, start at the lag action, end at the recover action.
    const regions = [...emu.state.annotations.values()].filter((a) => a.tags.includes(simTag));
    expect(regions).toHaveLength(1);
    const region = regions[0]!;
    const lagEvent = lag.events.find((e) => e.phase === 'start')!;
    expect(region.tags).toEqual([simTag, 'scenario:lag', `event:${lagEvent.eventId}`]);
    expect(region.time).toBeGreaterThanOrEqual(lagBefore - toleranceMs);
    expect(region.time).toBeLessThanOrEqual(lagAfter + toleranceMs);
    expect(region.timeEnd).toBeGreaterThanOrEqual(recoverBefore - toleranceMs);
    expect(region.timeEnd).toBeLessThanOrEqual(recoverAfter + toleranceMs);
    // The level rose inside the region and came back down after it closed (as Prometheus recorded it).
    expect(expected.some(([, to, at]) => to === 2 && at >= region.time && at <= region.timeEnd)).toBe(true);
    expect(expected.at(-1)![1]).toBe(0);
    expect(expected.at(-1)![2]).toBeGreaterThanOrEqual(region.timeEnd);

    // Each level change Prometheus recorded is annotated exactly once, at the sample that changed.
    const marks = watched()
      .map((a) => [a.tags.find((t) => t.startsWith('from:'))!.slice(5), a.tags.find((t) => t.startsWith('to:'))!.slice(3), a.time] as const)
      .sort((a, b) => a[2] - b[2]);
    expect(marks).toEqual(expected.map(([from, to, at]) => [names(from), names(to), at]));

    // Watching the same period again (a restart with lookback) posts nothing new.
    const count = emu.state.annotations.size;
    const again = new LevelWatcher({ prometheus: promClient, emitter: watchEmitter, selector, levelName: names, lookbackMs: seconds * 1000 });
    expect((await again.poll()).length).toBe(expected.length);
    expect(emu.state.annotations.size).toBe(count);
  }, 180_000);
});
