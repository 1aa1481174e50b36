import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAnnotationEmitter, grafanaAnnotationApi, type AnnotationEmitter } from '../../src/annotations/index.js';
import { createGrafanaClient } from '../../src/grafana/index.js';
import * as catalog from '../../dashboards/catalog.js';
import { annotateFailureEvent, demoTargetDriver, runScenario, startDemoTarget, type SimulationEvent } from '../../k2/index.js';
import { startEmulator, type Emulator } from '../emulator/emulator.js';

// Against the Grafana emulator (grafana-http-api.md section 8): stopped server, post-commit faults, resets, 5xx.
let emu: Emulator;
let dir: string;
beforeAll(async () => {
  emu = await startEmulator({ seed: Number(process.env.EMULATOR_SEED ?? 6006) });
});
afterAll(async () => {
  await emu.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'k2-annot-emu-'));
  emu.clearFaults();
  emu.clearLog();
  emu.state.annotations.clear();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const simTag = 'k2-failure-sim';
function newEmitter(): AnnotationEmitter {
  // One quick retry like the CLI: the journal, not the client, is what makes delivery reliable.
  const client = createGrafanaClient({ ...emu.clientOptions(), proxy: false, timeoutMs: 3000, retry: { maxAttempts: 2, baseDelayMs: 10, budgetMs: 2000 } });
  return createAnnotationEmitter({ api: grafanaAnnotationApi(client), journal: join(dir, 'annotations.journal'), baseTags: [simTag] });
}
const annotations = () => [...emu.state.annotations.values()];
const byEvent = (id: string) => annotations().filter((a) => a.tags.includes(`event:${id}`));
const posts = () => emu.requests.filter((r) => r.method === 'POST' && r.path === '/api/annotations');

/** A scenario's events as the simulation reports them: lag, disconnect, then one recover ending both. */
function scenarioEvents(base: number) {
  return [
    { scenario: 'lag', phase: 'start', at: base, eventId: 'lag-1', lag: 600_000 },
    { scenario: 'disconnect', phase: 'start', at: base + 5_000, eventId: 'disc-1' },
    { scenario: 'lag', phase: 'end', at: base + 20_000, eventId: 'lag-1', lag: 600_000 },
    { scenario: 'disconnect', phase: 'end', at: base + 20_000, eventId: 'disc-1' },
  ] as const;
}

describe('annotation emitter against the Grafana emulator', () => {
  it('loses nothing while Grafana is stopped for a whole scenario; a flush then posts each exactly once', async () => {
    const emitter = newEmitter();
    const base = 1_790_000_000_000;
    await emu.stop();
    try {
      for (const event of scenarioEvents(base)) expect((await annotateFailureEvent(emitter, event)).outcome).toBe('journaled');
      expect(await emitter.pending()).toBe(4);
    } finally {
      await emu.start();
    }
    expect(annotations()).toHaveLength(0);
    const report = await emitter.flush();
    expect(report.pending).toBe(0);
    expect(byEvent('lag-1')).toMatchObject([{ time: base, timeEnd: base + 20_000, tags: [simTag, 'scenario:lag', 'event:lag-1'] }]);
    expect(byEvent('disc-1')).toMatchObject([{ time: base + 5_000, timeEnd: base + 20_000 }]);
    expect(posts()).toHaveLength(2);
    // Nothing left to do: a second flush writes nothing.
    emu.clearLog();
    await emitter.flush();
    expect(emu.writes()).toHaveLength(0);
  });

  it('loses nothing over a real scenario run (demo target, as simulate drives it) with Grafana stopped throughout', async () => {
    const target = await startDemoTarget({ config: catalog, profile: catalog.profiles.demo, port: 0 });
    const emitter = newEmitter();
    const events: SimulationEvent[] = [];
    const onEvent = async (event: SimulationEvent) => {
      events.push(event);
      expect((await annotateFailureEvent(emitter, event)).outcome).toBe('journaled');
    };
    await emu.stop();
    try {
      const driver = demoTargetDriver({ url: target.url });
      for (const scenario of ['lag', 'disconnect', 'recover'] as const) {
        const result = await runScenario({ scenario, driver, config: catalog, onEvent });
        expect(result.hookErrors).toEqual([]);
      }
    } finally {
      await emu.start();
      await target.close();
    }
    expect(events.map((e) => `${e.scenario}:${e.phase}`)).toEqual(['lag:start', 'disconnect:start', 'lag:end', 'disconnect:end']);
    expect(await emitter.pending()).toBe(4);
    expect((await emitter.flush()).pending).toBe(0);
    for (const start of events.filter((e) => e.phase === 'start')) {
      const end = events.find((e) => e.phase === 'end' && e.eventId === start.eventId)!;
      expect(byEvent(start.eventId)).toMatchObject([{ time: start.at, timeEnd: end.at, tags: [simTag, `scenario:${start.scenario}`, `event:${start.eventId}`] }]);
    }
    expect(posts()).toHaveLength(2);
  });

  it('replays on the next emit once Grafana is back, closing a region after its open', async () => {
    const emitter = newEmitter();
    await emu.stop();
    try {
      await annotateFailureEvent(emitter, { scenario: 'lag', phase: 'start', at: 5_000_000, eventId: 'next-1' });
    } finally {
      await emu.start();
    }
    const close = await annotateFailureEvent(emitter, { scenario: 'lag', phase: 'end', at: 5_009_000, eventId: 'next-1' });
    expect(close.outcome).toBe('sent');
    expect(byEvent('next-1')).toMatchObject([{ time: 5_000_000, timeEnd: 5_009_000 }]);
  });

  it('posts each event exactly once with post-commit faults, resets and 503s on', async () => {
    const emitter = newEmitter();
    const seed = emu.seed;
    emu.setFaults({ postCommitLossRate: 0.4, resetRate: 0.1, errorRate: 0.1, seed });
    const ids = Array.from({ length: 12 }, (_, i) => `pc-${i}`);
    for (const [i, id] of ids.entries()) {
      await annotateFailureEvent(emitter, { scenario: i % 2 ? 'lag' : 'disconnect', phase: 'start', at: 1_000_000 + i * 1000, eventId: id });
      if (i % 3 === 0) await emitter.point({ eventId: `${id}-p`, time: 1_000_500 + i * 1000, text: `point ${i}` });
    }
    for (const [i, id] of ids.entries()) {
      await annotateFailureEvent(emitter, { scenario: i % 2 ? 'lag' : 'disconnect', phase: 'end', at: 2_000_000 + i * 1000, eventId: id });
    }
    // Keep flushing with the faults still on, as a presenter would, until the journal is empty.
    for (let round = 0; round < 60 && (await emitter.pending()) > 0; round++) await emitter.flush();
    emu.clearFaults();
    expect(await emitter.pending(), `seed ${seed}`).toBe(0);
    expect(emu.requests.some((r) => r.fault === 'post-commit-loss'), `seed ${seed}: no post-commit fault was injected`).toBe(true);
    for (const [i, id] of ids.entries()) {
      expect(byEvent(id), `seed ${seed}: ${id}`).toHaveLength(1);
      expect(byEvent(id)[0]).toMatchObject({ time: 1_000_000 + i * 1000, timeEnd: 2_000_000 + i * 1000 });
      if (i % 3 === 0) expect(byEvent(`${id}-p`), `seed ${seed}: ${id}-p`).toHaveLength(1);
    }
    expect(annotations()).toHaveLength(ids.length + ids.filter((_, i) => i % 3 === 0).length);
  });
});
