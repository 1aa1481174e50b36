import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { withFileLock, type FileLockOptions } from './file-lock.js';
import type { JournalEntry } from './types.js';

/** Where the journal lives unless configured: relative to the working directory. */
export const defaultJournalPath = '.k2-grafana/annotations.journal';

/**
 * The local journal of annotation work not yet confirmed by Grafana: one JSON object per line.
 * Each append is a single `write` of one complete line to a file opened with O_APPEND, so a line is never
 * interleaved with another; a torn last line (crash mid-write) is skipped when read. Rewrites go through a
 * temporary file and `rename`, so a reader sees the old or the new journal, never half of one.
 * Every mutation holds `<path>.lock` (see withFileLock) so concurrent processes keep their lines.
 */
export class AnnotationJournal {
  readonly path: string;
  /** Entries Grafana refused for good are kept here for a human to read, never replayed. */
  readonly rejectedPath: string;
  private readonly lockPath: string;
  private readonly lockOptions: FileLockOptions;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(path: string = defaultJournalPath, lockOptions: FileLockOptions = {}) {
    this.path = path;
    this.rejectedPath = `${path}.rejected`;
    this.lockPath = `${path}.lock`;
    this.lockOptions = lockOptions;
  }

  /** Run `fn` exclusively: in this process (queue) and across processes (lock file). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      await mkdir(dirname(this.path), { recursive: true });
      return withFileLock(this.lockPath, fn, this.lockOptions);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Append entries; call inside `exclusive`. */
  async appendUnlocked(entries: readonly JournalEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // One write per entry: each line lands whole even if the process dies between two of them.
    for (const entry of entries) await appendFile(this.path, `${JSON.stringify(entry)}\n`, { flag: 'a' });
  }

  append(entries: readonly JournalEntry[]): Promise<void> {
    return this.exclusive(() => this.appendUnlocked(entries));
  }

  /** Entries in the order they were appended; call inside `exclusive` when about to rewrite. */
  async readUnlocked(): Promise<JournalEntry[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const entries: JournalEntry[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const parsed = JSON.parse(line) as JournalEntry;
        if (parsed && (parsed.op === 'create' || parsed.op === 'close') && typeof parsed.eventId === 'string') {
          entries.push(parsed);
        }
      } catch {
        // A torn line from a crash mid-append: its event was never acknowledged, and its emitter reported it.
      }
    }
    return entries;
  }

  read(): Promise<JournalEntry[]> {
    return this.exclusive(() => this.readUnlocked());
  }

  /** Replace the journal with `entries` atomically; call inside `exclusive`. */
  async rewriteUnlocked(entries: readonly JournalEntry[]): Promise<void> {
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
    await rename(temporary, this.path);
  }

  async rejectUnlocked(entries: readonly (JournalEntry & { reason: string })[]): Promise<void> {
    for (const entry of entries) await appendFile(this.rejectedPath, `${JSON.stringify(entry)}\n`, { flag: 'a' });
  }
}
