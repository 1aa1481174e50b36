import { open, readFile, rm, stat } from 'node:fs/promises';

export interface FileLockOptions {
  /** Give up waiting for another holder after this long. @default 10000 */
  readonly waitMs?: number;
  /** A lock older than this is taken over (its holder crashed). @default 30000 */
  readonly staleMs?: number;
  /** @default 15 */
  readonly pollMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Run `fn` holding `<path>`, a lock file created with O_EXCL, so two processes (a project's verb and `annotate flush`)
 * never rewrite the journal at the same time. A stale lock (crashed holder) is taken over.
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const { waitMs = 10_000, staleMs = 30_000, pollMs = 15, now = Date.now, sleep = defaultSleep } = options;
  const deadline = now() + waitMs;
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await isStale(path, staleMs, now)) {
        await rm(path, { force: true });
        continue;
      }
      if (now() > deadline) {
        throw new Error(`lock ${path} is held by another process (waited ${waitMs} ms); remove it if no k2-grafana process runs`);
      }
      await sleep(pollMs);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(path, { force: true });
  }
}

async function isStale(path: string, staleMs: number, now: () => number): Promise<boolean> {
  try {
    const info = await stat(path);
    if (now() - info.mtimeMs > staleMs) return true;
    const pid = Number.parseInt((await readFile(path, 'utf8')).trim(), 10);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
    try {
      process.kill(pid, 0);
      return false;
    } catch (error) {
      // ESRCH: no such process, so its lock is left over from a crash. EPERM: alive, owned by someone else.
      return (error as NodeJS.ErrnoException).code === 'ESRCH';
    }
  } catch {
    return false;
  }
}
