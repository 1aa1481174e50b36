import { appendFile, mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { withFileLock, type FileLockOptions } from './file-lock.js';
import type { JournalEntry } from './types.js';

/** Where the journal lives unless configured: relative to the working directory. */
export const defaultJournalPath = '.k2-grafana/annotations.journal';

/**
 * The local journal of annotation work not yet confirmed by Grafana: one JSON object per line.
 * Each append is a single `write` of one complete line to a file opened with O_APPEND, so a line is never
 * interleaved with another; after a torn last line (crash mid-write) the next append starts on a fresh line, so it
 * is not swallowed. A line that does not read as an entry is never erased: the next flush moves it, as written, to
 * the rejected file. Rewrites go through a temporary file and `rename`, so a reader sees the old or the new journal,
 * never half of one. Every mutation holds `<path>.lock` (see withFileLock) so concurrent processes keep their lines.
 */
export class AnnotationJournal {
  readonly path: string;
  /** Entries Grafana refused for good are kept here for a human to read, never replayed. */
  readonly rejectedPath: string;
  private readonly lockOptions: FileLockOptions;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(path: string = defaultJournalPath, lockOptions: FileLockOptions = {}) {
    this.path = path;
    this.rejectedPath = `${path}.rejected`;
    this.lockOptions = lockOptions;
  }

  /** Run `fn` exclusively: in this process (queue) and across processes (lock file). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      await mkdir(dirname(this.path), { recursive: true });
      return withFileLock(this.path, fn, this.lockOptions);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Append entries; call inside `exclusive`. */
  async appendUnlocked(entries: readonly JournalEntry[]): Promise<void> {
    if (entries.length === 0) return;
    if (await endsTorn(this.path)) await appendFile(this.path, '\n', { flag: 'a' });
    // One write per entry: each line lands whole even if the process dies between two of them.
    for (const entry of entries) await appendFile(this.path, `${JSON.stringify(entry)}\n`, { flag: 'a' });
  }

  append(entries: readonly JournalEntry[]): Promise<void> {
    return this.exclusive(() => this.appendUnlocked(entries));
  }

  /** Entries in the order they were appended; call inside `exclusive` when about to rewrite. */
  async readUnlocked(): Promise<JournalEntry[]> {
    return (await this.readAllUnlocked()).entries;
  }

  /** Entries, and the lines that do not read as one (torn or corrupted), each as written. */
  async readAllUnlocked(): Promise<JournalContents> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], unreadable: [] };
      throw error;
    }
    const entries: JournalEntry[] = [];
    const unreadable: string[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const entry = parseEntry(line);
      if (entry) entries.push(entry);
      else unreadable.push(line);
    }
    return { entries, unreadable };
  }

  read(): Promise<JournalEntry[]> {
    return this.exclusive(() => this.readUnlocked());
  }

  /** What `annotate status` shows: entries pending, unreadable lines still in the journal, lines in the rejected file. */
  status(): Promise<{ pending: number; unreadable: number; rejected: number }> {
    return this.exclusive(async () => {
      const { entries, unreadable } = await this.readAllUnlocked();
      let rejected = 0;
      try {
        rejected = (await readFile(this.rejectedPath, 'utf8')).split('\n').filter((l) => l.trim() !== '').length;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      return { pending: entries.length, unreadable: unreadable.length, rejected };
    });
  }

  /** Replace the journal with `entries` atomically; call inside `exclusive`. */
  async rewriteUnlocked(entries: readonly JournalEntry[]): Promise<void> {
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
    await rename(temporary, this.path);
  }

  /** Keep refused entries and unreadable lines (as `{ unreadable: <line as written>, reason }`) for a human. */
  async rejectUnlocked(entries: readonly ((JournalEntry & { reason: string }) | UnreadableLine)[]): Promise<void> {
    for (const entry of entries) await appendFile(this.rejectedPath, `${JSON.stringify(entry)}\n`, { flag: 'a' });
  }
}

export interface JournalContents {
  readonly entries: JournalEntry[];
  readonly unreadable: string[];
}

/** A journal line that is not an entry, as kept in the rejected file. */
export interface UnreadableLine {
  readonly unreadable: string;
  readonly reason: string;
}

function parseEntry(line: string): JournalEntry | undefined {
  try {
    const parsed = JSON.parse(line) as JournalEntry;
    if (parsed && (parsed.op === 'create' || parsed.op === 'close') && typeof parsed.eventId === 'string') return parsed;
  } catch {
    // Torn (crash mid-append) or corrupted: the caller keeps it as unreadable.
  }
  return undefined;
}

/** True when the file's last byte is not a newline (a torn last line). */
async function endsTorn(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    await handle.close();
  }
}
