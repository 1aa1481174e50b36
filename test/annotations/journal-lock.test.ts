import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnnotationJournal, createAnnotationEmitter, withFileLock, type NewAnnotation } from '../../src/annotations/index.js';
import { exitCodeForError } from '../../src/cli/exit-codes.js';
import { isK2GrafanaError } from '../../src/errors.js';
import { FakeAnnotationApi } from './fake-annotation-api.js';

// The journal's lock (proper-lockfile, refreshed while held) under the faults of issue #15 §3.
let dir: string;
let journalPath: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'k2-journal-lock-'));
  journalPath = join(dir, 'annotations.journal');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A Fake API whose creates wait at a gate the test opens: a flush as slow as the test wants. */
class GatedApi extends FakeAnnotationApi {
  private open!: () => void;
  readonly gate = new Promise<void>((resolve) => (this.open = resolve));
  entered!: () => void;
  readonly inCreate = new Promise<void>((resolve) => (this.entered = resolve));
  release(): void {
    this.open();
  }
  override async create(annotation: NewAnnotation): Promise<{ id: number }> {
    this.entered();
    await this.gate;
    return super.create(annotation);
  }
}

/** Journal `n` events while Grafana is down, so a flush has work. */
async function journalEvents(n: number): Promise<void> {
  const down = new FakeAnnotationApi();
  down.down = true;
  const emitter = createAnnotationEmitter({ api: down, journal: journalPath });
  for (let i = 0; i < n; i++) expect((await emitter.point({ eventId: `ev-${i}`, time: i, text: 'x' })).outcome).toBe('journaled');
}

/** Resolves when `promise` settles, or with 'pending' after a short bounded look. */
function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | 'pending'> {
  return Promise.race([promise, new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), ms))]);
}

describe('annotation journal lock', () => {
  it('two flushers post each journaled event exactly once', async () => {
    await journalEvents(20);
    const api = new FakeAnnotationApi();
    // Separate journal objects stand for two processes: only the lock file orders them.
    const first = createAnnotationEmitter({ api, journal: new AnnotationJournal(journalPath) });
    const second = createAnnotationEmitter({ api, journal: new AnnotationJournal(journalPath) });
    const [a, b] = await Promise.all([first.flush(), second.flush()]);
    expect(a.pending + b.pending).toBe(0);
    expect(api.annotations).toHaveLength(20);
    for (let i = 0; i < 20; i++) expect(api.byEvent(`ev-${i}`)).toHaveLength(1);
  });

  it('a flush slower than the stale time keeps its lock (it is refreshed), so a second flusher waits and posts nothing twice', async () => {
    await journalEvents(5);
    const api = new GatedApi();
    const staleMs = 2000; // proper-lockfile's minimum; refreshed every second while held
    const slow = createAnnotationEmitter({ api, journal: new AnnotationJournal(journalPath, { staleMs }) });
    const slowFlush = slow.flush();
    await api.inCreate;
    const second = createAnnotationEmitter({ api, journal: new AnnotationJournal(journalPath, { staleMs, waitMs: 60_000 }) });
    const secondFlush = second.flush();
    // Two and a half stale periods: under the old age-only rule the second flusher would have taken over by now.
    expect(await settledWithin(secondFlush, staleMs * 2.5)).toBe('pending');
    expect(api.annotations).toHaveLength(0);
    api.release();
    expect((await slowFlush).pending).toBe(0);
    expect((await secondFlush).results).toEqual([]);
    for (let i = 0; i < 5; i++) expect(api.byEvent(`ev-${i}`)).toHaveLength(1);
  }, 30_000);

  it('a busy lock past its wait is an environment error (exit 74), and an emit waiting on it is never sent beside the journal', async () => {
    await journalEvents(1);
    const api = new GatedApi();
    const holder = createAnnotationEmitter({ api, journal: new AnnotationJournal(journalPath) });
    const holding = holder.flush();
    await api.inCreate;
    const waiter = new AnnotationJournal(journalPath, { waitMs: 300 });
    const error = await withFileLock(journalPath, async () => 'got it', { waitMs: 300 }).catch((e: unknown) => e);
    expect(isK2GrafanaError(error) && exitCodeForError[error.code]).toBe(74);
    expect(String((error as Error).message)).toContain('locked by another k2-grafana process');

    const emitter = createAnnotationEmitter({ api, journal: waiter, onWarning: () => undefined });
    const result = await emitter.point({ eventId: 'late', time: 1, text: 'x' });
    expect(result.outcome).toBe('failed');
    expect(result.code).toBe('io');
    // Not sent directly: the only call is the holder's own lookup (its post waits at the gate).
    expect(api.calls).toEqual(['GET event:ev-0']);
    api.release();
    expect((await holding).pending).toBe(0);
    expect(api.byEvent('late')).toHaveLength(0);
  });

  it('takes over the lock of a holder killed with kill -9, once its refreshes stop', async () => {
    await journalEvents(3);
    const staleMs = 2000;
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./hold-journal-lock.ts', import.meta.url)), journalPath, String(staleMs)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the child never took the lock')), 20_000);
        child.stdout!.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('locked')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.once('exit', () => reject(new Error('the child exited before taking the lock')));
      });
      // Held by a live process: not taken.
      const whileAlive = await withFileLock(journalPath, async () => 'taken', { staleMs, waitMs: 300 }).catch((e: unknown) => e);
      expect(isK2GrafanaError(whileAlive) ? whileAlive.code : whileAlive).toBe('io');
      child.kill('SIGKILL');
      await exited;
      const api = new FakeAnnotationApi();
      const report = await createAnnotationEmitter({ api, journal: new AnnotationJournal(journalPath, { staleMs, waitMs: 20_000 }) }).flush();
      expect(report.pending).toBe(0);
      expect(api.annotations).toHaveLength(3);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }, 40_000);
});

describe('lock file left by an earlier version (a plain file holding a pid)', () => {
  it('is removed when its process is gone, and is a busy lock while it lives', async () => {
    await journalEvents(1);
    const dead = spawn(process.execPath, ['-e', '']);
    const deadPid = dead.pid!;
    await new Promise((r) => dead.once('exit', r));
    await writeFile(`${journalPath}.lock`, `${deadPid}\n`);
    const api = new FakeAnnotationApi();
    expect((await createAnnotationEmitter({ api, journal: new AnnotationJournal(journalPath) }).flush()).pending).toBe(0);
    expect(api.annotations).toHaveLength(1);

    // This test's parent process stands for a live earlier k2-grafana.
    await rm(`${journalPath}.lock`, { recursive: true, force: true });
    await writeFile(`${journalPath}.lock`, `${process.ppid}\n`);
    const busy = await withFileLock(journalPath, async () => 'taken', { waitMs: 300 }).catch((e: unknown) => e);
    expect(isK2GrafanaError(busy) ? busy.code : busy).toBe('io');
  });
});

describe('unreadable journal lines', () => {
  it('keeps torn and corrupted lines in the rejected file, counts them, and says so; never erases them', async () => {
    await mkdir(dir, { recursive: true });
    const garbage = ['{"op":"create","eventId":"to', 'not json at all', '{"op":"delete","eventId":"x"}'];
    await writeFile(journalPath, `${garbage.join('\n')}\n`);
    const journal = new AnnotationJournal(journalPath);
    expect(await journal.status()).toEqual({ pending: 0, unreadable: 3, rejected: 0 });
    const warnings: string[] = [];
    const report = await createAnnotationEmitter({ api: new FakeAnnotationApi(), journal, onWarning: (w) => warnings.push(w) }).flush();
    expect(report.unreadable).toBe(3);
    expect(warnings.join('\n')).toContain('3 unreadable line(s)');
    const kept = (await readFile(journal.rejectedPath, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { unreadable: string });
    expect(kept.map((k) => k.unreadable)).toEqual(garbage);
    expect(await journal.status()).toEqual({ pending: 0, unreadable: 0, rejected: 3 });
  });

  it('a torn last line does not swallow the next emit: it is appended on a fresh line and delivered', async () => {
    await mkdir(dir, { recursive: true });
    await writeFile(journalPath, '{"op":"create","eventId":"torn","kind":"poi');
    const api = new FakeAnnotationApi();
    api.down = true;
    const emitter = createAnnotationEmitter({ api, journal: new AnnotationJournal(journalPath), onWarning: () => undefined });
    expect((await emitter.point({ eventId: 'after-torn', time: 5, text: 'x' })).outcome).toBe('journaled');
    expect(await emitter.journal.status()).toMatchObject({ pending: 1 });
    api.down = false;
    expect((await emitter.flush()).pending).toBe(0);
    expect(api.byEvent('after-torn')).toHaveLength(1);
  });
});

describe('closing a region never opened', () => {
  it('is rejected as never opened, and later flushes are clean', async () => {
    const api = new FakeAnnotationApi();
    const emitter = createAnnotationEmitter({ api, journal: journalPath });
    const result = await emitter.closeRegion({ eventId: 'ghost', timeEnd: 10 });
    expect(result.outcome).toBe('rejected');
    expect(result.reason).toContain('never opened');
    const report = await emitter.flush();
    expect(report.pending).toBe(0);
    expect(report.results).toEqual([]);
  });

  it('a close journaled after its open (Grafana down) still waits for the open, not rejected', async () => {
    const api = new FakeAnnotationApi();
    api.down = true;
    const emitter = createAnnotationEmitter({ api, journal: journalPath });
    await emitter.openRegion({ eventId: 'r', time: 1, text: 'lag' });
    expect((await emitter.closeRegion({ eventId: 'r', timeEnd: 9 })).outcome).toBe('journaled');
    api.down = false;
    expect((await emitter.flush()).pending).toBe(0);
    expect(api.byEvent('r')).toMatchObject([{ time: 1, timeEnd: 9 }]);
  });
});
