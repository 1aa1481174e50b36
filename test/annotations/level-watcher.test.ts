import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnnotationEmitter, LevelWatcher, type PrometheusClient, type PromSeries } from '../../src/annotations/index.js';
import { FakeAnnotationApi } from './fake-annotation-api.js';

/** A Prometheus double holding raw samples of one series; answers `selector[Ns]` at time t like a range selector. */
function fakePrometheus(samples: [number, number][]): PrometheusClient & { queries: string[] } {
  const queries: string[] = [];
  return {
    url: 'fake',
    queries,
    async query(expr, time) {
      queries.push(expr);
      const seconds = Number(/\[(\d+)s\]$/.exec(expr)?.[1]);
      const inWindow = samples.filter(([t]) => t <= time! && t > time! - seconds);
      const series: PromSeries[] = inWindow.length ? [{ metric: { __name__: 'app_health_level', job: 'api', instance: 'a:1' }, samples: inWindow }] : [];
      return series;
    },
    async scalar() { return undefined; },
    async ready() { return true; },
  };
}

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'k2-watch-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

// Any project's gauge: the watcher knows no metric or level of its own.
const selector = 'app_health_level{job="api"}';
const names = ['OK', 'WARN', 'DOWN'];

describe('level watcher', () => {
  it('annotates every change once, including changes between two polls, with the changing sample time', async () => {
    // Samples every second: 0 until t=105, 1 from 106, 2 from 108, 0 from 120.
    const samples: [number, number][] = [];
    for (let t = 100; t <= 130; t++) samples.push([t, t < 106 ? 0 : t < 108 ? 1 : t < 120 ? 2 : 0]);
    const prometheus = fakePrometheus(samples);
    const api = new FakeAnnotationApi();
    const emitter = createAnnotationEmitter({ api, journal: join(dir, 'j'), baseTags: ['level-tag'] });
    let clock = 104_000;
    const watcher = new LevelWatcher({ prometheus, emitter, selector, levelName: (v) => names[v]!, tags: ['lc'], now: () => clock });
    expect(await watcher.poll()).toEqual([]); // baseline only
    clock = 110_000;
    const changes = await watcher.poll();
    expect(changes.map((c) => [c.from, c.to, c.at])).toEqual([[0, 1, 106_000], [1, 2, 108_000]]);
    clock = 111_000;
    expect(await watcher.poll()).toEqual([]);
    clock = 125_000;
    expect((await watcher.poll()).map((c) => [c.from, c.to])).toEqual([[2, 0]]);
    expect(api.annotations.map((a) => a.text)).toEqual([
      'app_health_level rose: OK -> WARN on a:1 (observed in Prometheus)',
      'app_health_level rose: WARN -> DOWN on a:1 (observed in Prometheus)',
      'app_health_level fell: DOWN -> OK on a:1 (observed in Prometheus)',
    ]);
    expect(api.annotations[0]!.tags).toEqual(expect.arrayContaining(['level-tag', 'lc', 'from:OK', 'to:WARN']));
    expect(api.annotations[0]!.time).toBe(106_000);

    // A second watcher over the same period (a restart with lookback) finds the same events and posts nothing new.
    const again = new LevelWatcher({ prometheus, emitter, selector, levelName: (v) => names[v]!, lookbackMs: 30_000, now: () => 130_000 });
    const replayed = await again.poll();
    expect(replayed).toHaveLength(3);
    expect(api.annotations).toHaveLength(3);
  });

  it('names the gauge as configured, and prints a level it has no name for as its number', async () => {
    const prometheus = fakePrometheus([[100, 0], [101, 0], [102, 7]]);
    const api = new FakeAnnotationApi();
    const emitter = createAnnotationEmitter({ api, journal: join(dir, 'j'), baseTags: [] });
    const levelName = (v: number) => names[v] ?? String(v);
    const watcher = new LevelWatcher({ prometheus, emitter, selector, subject: 'API health', levelName, lookbackMs: 5000, now: () => 103_000 });
    expect((await watcher.poll()).map((c) => [c.from, c.to])).toEqual([[0, 7]]);
    expect(api.annotations.map((a) => [a.text, a.tags])).toEqual([
      ['API health rose: OK -> 7 on a:1 (observed in Prometheus)', expect.arrayContaining(['from:OK', 'to:7'])],
    ]);
  });
});
