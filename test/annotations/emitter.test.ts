import { mkdtemp, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnnotationJournal, createAnnotationEmitter } from '../../src/annotations/index.js';
import { FakeAnnotationApi } from './fake-annotation-api.js';

let dir: string;
let journalPath: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'k2-annotations-'));
  journalPath = join(dir, '.k2-grafana', 'annotations.journal');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const baseTags = ['sim-tag'];
function emitterFor(api: FakeAnnotationApi, extra: { dashboardUID?: string } = {}) {
  return createAnnotationEmitter({ api, journal: journalPath, baseTags, ...extra });
}

describe('annotation emitter', () => {
  it('posts a point with the base tags, its own tags and the event tag, scoped to the dashboard', async () => {
    const api = new FakeAnnotationApi();
    const result = await emitterFor(api, { dashboardUID: 'dash' }).point({ eventId: 'e1', time: 1000, text: 'hello', tags: ['scenario:lag'] });
    expect(result.outcome).toBe('sent');
    expect(api.annotations).toEqual([
      { id: 1, time: 1000, timeEnd: 1000, text: 'hello', tags: ['sim-tag', 'scenario:lag', 'event:e1'], dashboardUID: 'dash' },
    ]);
    // Looked up before the post.
    expect(api.calls).toEqual(['GET event:e1', 'POST']);
  });

  it('opens a region and closes it by patching timeEnd', async () => {
    const api = new FakeAnnotationApi();
    const emitter = emitterFor(api);
    expect((await emitter.openRegion({ eventId: 'r1', time: 1000, text: 'lag injected' })).outcome).toBe('sent');
    expect((await emitter.closeRegion({ eventId: 'r1', timeEnd: 5000, text: 'lag injected, recovered' })).outcome).toBe('sent');
    expect(api.byEvent('r1')).toMatchObject([{ time: 1000, timeEnd: 5000, text: 'lag injected, recovered' }]);
    expect(api.calls.filter((c) => c.startsWith('PATCH'))).toEqual(['PATCH 1']);
  });

  it('emitting the same event twice gives one annotation', async () => {
    const api = new FakeAnnotationApi();
    const emitter = emitterFor(api);
    await emitter.point({ eventId: 'dup', time: 1, text: 'x' });
    const second = await emitter.point({ eventId: 'dup', time: 1, text: 'x' });
    expect(second.outcome).toBe('already-present');
    expect(api.byEvent('dup')).toHaveLength(1);
  });

  it('loses nothing while Grafana is down for a whole scenario, then a flush posts each exactly once', async () => {
    const api = new FakeAnnotationApi();
    const emitter = emitterFor(api);
    api.down = true;
    const outcomes = [
      await emitter.openRegion({ eventId: 'lag-1', time: 1000, text: 'lag' }),
      await emitter.point({ eventId: 'level-1', time: 2000, text: 'NORMAL -> MODERATE' }),
      await emitter.closeRegion({ eventId: 'lag-1', timeEnd: 9000 }),
    ].map((r) => r.outcome);
    expect(outcomes).toEqual(['journaled', 'journaled', 'journaled']);
    expect(await emitter.pending()).toBe(3);
    expect(api.annotations).toHaveLength(0);

    api.down = false;
    const report = await emitter.flush();
    expect(report.pending).toBe(0);
    expect(api.byEvent('lag-1')).toMatchObject([{ time: 1000, timeEnd: 9000 }]);
    expect(api.byEvent('level-1')).toHaveLength(1);
    expect(api.annotations).toHaveLength(2);
    // A second flush has nothing to do.
    expect((await emitter.flush()).results).toEqual([]);
    expect(api.annotations).toHaveLength(2);
  });

  it('replays the journal on the next emit, close after its open', async () => {
    const api = new FakeAnnotationApi();
    const emitter = emitterFor(api);
    api.down = true;
    await emitter.openRegion({ eventId: 'd-1', time: 100, text: 'disconnect' });
    api.down = false;
    const close = await emitter.closeRegion({ eventId: 'd-1', timeEnd: 700 });
    expect(close.outcome).toBe('sent');
    expect(api.byEvent('d-1')).toMatchObject([{ time: 100, timeEnd: 700 }]);
    expect(await emitter.pending()).toBe(0);
  });

  it('never posts twice when a post was applied but its response was lost', async () => {
    const api = new FakeAnnotationApi();
    const emitter = emitterFor(api);
    api.loseResponses = true;
    expect((await emitter.openRegion({ eventId: 'lost-1', time: 10, text: 'lag' })).outcome).toBe('journaled');
    expect((await emitter.closeRegion({ eventId: 'lost-1', timeEnd: 20 })).outcome).toBe('journaled');
    expect(api.byEvent('lost-1')).toHaveLength(1);
    api.loseResponses = false;
    const report = await emitter.flush();
    expect(report.pending).toBe(0);
    expect(api.byEvent('lost-1')).toMatchObject([{ time: 10, timeEnd: 20 }]);
    expect(api.calls.filter((c) => c === 'POST')).toHaveLength(1);
  });

  it('moves an annotation Grafana rejects (400) to the rejected file, with its close', async () => {
    const api = new FakeAnnotationApi();
    const emitter = emitterFor(api);
    api.down = true;
    await emitter.openRegion({ eventId: 'bad', time: 1, text: 'x' });
    await emitter.closeRegion({ eventId: 'bad', timeEnd: 2 });
    api.down = false;
    api.rejectCreates = true;
    const report = await emitter.flush();
    expect(report.results.map((r) => r.outcome)).toEqual(['rejected', 'rejected']);
    expect(report.pending).toBe(0);
    const rejected = (await readFile(`${journalPath}.rejected`, 'utf8')).trim().split('\n');
    expect(rejected).toHaveLength(2);
  });

  it('keeps every line when many events are emitted at once, from two journals on the same file', async () => {
    const api = new FakeAnnotationApi();
    api.down = true;
    // Two emitters with separate journal objects stand for two processes sharing the file (the lock file orders them).
    const a = createAnnotationEmitter({ api, journal: new AnnotationJournal(journalPath), baseTags });
    const b = createAnnotationEmitter({ api, journal: new AnnotationJournal(journalPath), baseTags });
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).point({ eventId: `many-${i}`, time: i + 1, text: `event ${i}` })),
    );
    expect(await a.pending()).toBe(40);
    api.down = false;
    await b.flush();
    expect(api.annotations).toHaveLength(40);
    expect(new Set(api.annotations.flatMap((x) => x.tags.filter((t) => t.startsWith('event:')))).size).toBe(40);
  });

  it('skips a torn last line left by a crash mid-append', async () => {
    const api = new FakeAnnotationApi();
    const emitter = emitterFor(api);
    api.down = true;
    await emitter.point({ eventId: 'ok-1', time: 1, text: 'x' });
    await appendFile(journalPath, '{"op":"create","eventId":"torn');
    api.down = false;
    const report = await emitter.flush();
    expect(report.pending).toBe(0);
    expect(api.annotations).toHaveLength(1);
  });

  it('never throws, even when the journal cannot be written', async () => {
    const api = new FakeAnnotationApi();
    // A file where the journal's folder should be makes every journal write fail.
    await writeFile(join(dir, 'blocked'), '');
    const emitter = createAnnotationEmitter({ api, journal: join(dir, 'blocked', 'journal'), baseTags, onWarning: () => undefined });
    expect((await emitter.point({ eventId: 'nj-1', time: 1, text: 'x' })).outcome).toBe('sent');
    api.down = true;
    expect((await emitter.point({ eventId: 'nj-2', time: 1, text: 'x' })).outcome).toBe('failed');
  });

  it('rejects an event id that cannot be a tag without calling Grafana', async () => {
    const api = new FakeAnnotationApi();
    const result = await emitterFor(api).point({ eventId: 'has space', time: 1, text: 'x' });
    expect(result.outcome).toBe('rejected');
    expect(api.calls).toEqual([]);
  });
});
