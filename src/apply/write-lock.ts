import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import lockfile from 'proper-lockfile';

/**
 * Write groups: kinds whose writes all land in one shared object of Grafana (contact points, the policy tree, mute
 * timings and templates are one alertmanager configuration saved with a hash check, grafana-http-api.md 14.2) take
 * turns, one write at a time, within a run and across provision processes on this machine (a lock file per
 * Grafana URL and group, `proper-lockfile`: a directory created atomically, stale after 10 s when its holder died).
 * Not covered: writers on other machines, and the Grafana UI; for those, apply re-reads after a conflict and
 * verifies after each write (src/apply/apply.ts).
 */
export interface WriteLocks {
  run<T>(group: string, task: () => Promise<T>): Promise<T>;
}

export const defaultLockDir = (): string => join(tmpdir(), 'k2-grafana-locks');

export function writeLocks(scope: string, dir: string = defaultLockDir()): WriteLocks {
  const inProcess = new Map<string, ReturnType<typeof pLimit>>();
  let made = false;
  return {
    run(group, task) {
      const own = inProcess.get(group) ?? pLimit(1);
      inProcess.set(group, own);
      return own(async () => {
        if (!made) {
          mkdirSync(dir, { recursive: true });
          made = true;
        }
        const file = join(dir, `${createHash('sha256').update(scope).digest('hex').slice(0, 16)}-${group}`);
        const release = await lockfile.lock(file, {
          realpath: false,
          stale: 10_000,
          // Another process's write takes a few requests: wait for it (up to about a minute), checking often.
          retries: { retries: 600, factor: 1.1, minTimeout: 5, maxTimeout: 100, randomize: true },
          // A lock taken over as stale (this process stalled for 10 s) only loses exclusivity; the write's own
          // conflict handling still holds, so it must not crash the run.
          onCompromised: () => {},
        });
        try {
          return await task();
        } finally {
          await release().catch(() => {});
        }
      });
    },
  };
}
