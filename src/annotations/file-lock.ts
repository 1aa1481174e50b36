import { lstat, readFile, rm } from 'node:fs/promises';
import lockfile from 'proper-lockfile';
import { K2GrafanaError } from '../errors.js';

export interface FileLockOptions {
  /** Give up waiting for another live holder after about this long. @default 120000 */
  readonly waitMs?: number;
  /**
   * A lock not refreshed for this long is taken over (its holder died or froze). The holder refreshes it every
   * `staleMs / 2`, so a slow but live holder keeps it however long it works. @default 10000
   */
  readonly staleMs?: number;
}

/**
 * Run `fn` holding the lock of `path` (`<path>.lock`, a directory made atomically by `proper-lockfile` and refreshed
 * while `fn` runs), so two processes (a project's verb and `annotate flush`) never rewrite the journal at once.
 * Staleness is judged by a missed refresh, not by age, so a long flush keeps its lock and a `kill -9`ed holder's
 * lock is taken over after `staleMs`. A lock still busy after `waitMs` is the environment's problem (another live
 * process holds it), so it fails with code `io` (exit 74), never as a bug.
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const { waitMs = 120_000, staleMs = 10_000 } = options;
  let compromised: Error | undefined;
  let release: () => Promise<void>;
  await removeLegacyLock(`${path}.lock`, staleMs);
  try {
    release = await lockfile.lock(path, {
      realpath: false,
      stale: staleMs,
      update: Math.max(1000, Math.floor(staleMs / 2)),
      // Retry every 50-100 ms until about waitMs has passed.
      retries: { retries: Math.max(1, Math.ceil(waitMs / 100)), factor: 1.2, minTimeout: 50, maxTimeout: 100 },
      // Our lock was taken over (this process froze past staleMs): stop before rewriting anything with it.
      onCompromised: (error) => {
        compromised = error;
      },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new K2GrafanaError(
        'io',
        `${path} is locked by another k2-grafana process (waited ${Math.round(waitMs / 1000)} s)`,
        `Wait for the other process (an \`annotate flush\` or a verb emitting annotations) to finish, then retry; a lock whose holder died is taken over after ${Math.round(staleMs / 1000)} s.`,
        { cause: error },
      );
    }
    throw error;
  }
  try {
    const result = await fn();
    if (compromised) throw new K2GrafanaError('io', `lock of ${path} was taken over while held (${compromised.message})`, 'Run it again: the journal keeps every entry not confirmed by Grafana.');
    return result;
  } finally {
    await release().catch(() => undefined);
  }
}

/**
 * Earlier versions locked with a plain file holding the holder's pid at the same name; proper-lockfile cannot remove
 * a file there. One whose process is gone is removed; one whose process lives is a busy lock.
 */
async function removeLegacyLock(lockPath: string, staleMs: number): Promise<void> {
  let pid: number;
  try {
    if (!(await lstat(lockPath)).isFile()) return;
    pid = Number.parseInt((await readFile(lockPath, 'utf8')).trim(), 10);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) {
    throw new K2GrafanaError(
      'io',
      `${lockPath} is held by process ${pid} (an earlier k2-grafana)`,
      `Let it finish, or remove ${lockPath} if no k2-grafana process runs; locks are taken over after ${Math.round(staleMs / 1000)} s once their holder dies.`,
    );
  }
  await rm(lockPath, { force: true });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // ESRCH: no such process. EPERM: alive, owned by someone else.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
