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
      const series: PromSeries[] = inWindow.length ? [{ metric: { __name__: 'lvl', instance: 'a:1' }, samples: inWindow }] : [];
      return series;
    },
    async scalar() { return undefined; },
    async ready() { return true; },
  };
}

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'k2-watch-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

const names = ['NORMAL', 'LIGHT', 'MODERATE', 'SEVERE', 'CRITICAL'];

describe('level watcher', () => {
  it('annotates every change once, including changes between two polls, with the changing sample time', async () => {
    // Samples every second: 0 until t=105, 2 from 106, 3 from 108, 0 from 120.
    const samples: [number, number][] = [];
    for (let t = 100; t <= 130; t++) samples.push([t, t < 106 ? 0 : t < 108 ? 2 : t < 120 ? 3 : 0]);
    const prometheus = fakePrometheus(samples);
    const api = new FakeAnnotationApi();
    const emitter = createAnnotationEmitter({ api, journal: join(dir, 'j'), baseTags: ['level-tag'] });
    let clock = 104_000;
    const watcher = new LevelWatcher({ prometheus, emitter, selector: 'lvl', levelName: (v) => names[v]!, tags: ['lc'], now: () => clock });
    expect(await watcher.poll()).toEqual([]); // baseline only
    clock = 110_000;
    const changes = await watcher.poll();
    expect(changes.map((c) => [c.from, c.to, c.at])).toEqual([[0, 2, 106_000], [2, 3, 108_000]]);
    clock = 111_000;
    expect(await watcher.poll()).toEqual([]);
    clock = 125_000;
    expect((await watcher.poll()).map((c) => [c.from, c.to])).toEqual([[3, 0]]);
    expect(api.annotations.map((a) => a.text)).toEqual([
      'Degradation level rose: NORMAL -> MODERATE on a:1 (observed in Prometheus)',
      'Degradation level rose: MODERATE -> SEVERE on a:1 (observed in Prometheus)',
      'Degradation level fell: SEVERE -> NORMAL on a:1 (observed in Prometheus)',
    ]);
    expect(api.annotations[0]!.tags).toEqual(expect.arrayContaining(['level-tag', 'lc', 'from:NORMAL', 'to:MODERATE']));
    expect(api.annotations[0]!.time).toBe(106_000);

    // A second watcher over the same period (a restart with lookback) finds the same events and posts nothing new.
    const again = new LevelWatcher({ prometheus, emitter, selector: 'lvl', levelName: (v) => names[v]!, lookbackMs: 30_000, now: () => 130_000 });
    const replayed = await again.poll();
    expect(replayed).toHaveLength(3);
    expect(api.annotations).toHaveLength(3);
  });
});
