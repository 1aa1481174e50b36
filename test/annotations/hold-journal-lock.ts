// A child process for journal-lock.test.ts: takes the journal's lock, says so, and holds it until killed.
import { withFileLock } from '../../src/annotations/file-lock.js';

const [journalPath, staleMs] = process.argv.slice(2);
await withFileLock(journalPath!, () => {
  process.stdout.write('locked\n');
  // The lock's refresh timer is unref'd: keep the process alive until it is killed.
  setInterval(() => undefined, 60_000);
  return new Promise<never>(() => undefined);
}, { staleMs: Number(staleMs) });
