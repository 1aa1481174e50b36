import { ExitCode, type AnnotationEmitter, type CliIO } from '../../src/index.js';
import { annotateFailureEvent, type FailureEventLike } from '../scenarios/failure-annotations.js';

export type StopSignal = 'SIGINT' | 'SIGTERM';

/** Rejects pending and later sleeps once `signal` aborts, so a polling loop stops at its next wait. */
export function abortableSleep(signal: AbortSignal): (ms: number) => Promise<void> {
  return (ms) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(new Error('interrupted'));
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(new Error('interrupted'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
}

/**
 * Runs `work` until it ends or SIGINT/SIGTERM arrives. On a signal it stops waiting for `work` (whose sleeps,
 * made with `abortableSleep(signal)`, then fail), runs `restore` (put the target back, close regions), prints
 * each line it returns, and returns 130 or 143. The caller's own `finally` then removes what it started.
 * A second signal during the restore is the user insisting: the default handler ends the process.
 */
export async function untilDoneOrSignal(
  io: CliIO,
  work: (signal: AbortSignal) => Promise<ExitCode>,
  restore: (signal: StopSignal) => Promise<string[]>,
): Promise<ExitCode> {
  const controller = new AbortController();
  let onSignal!: (signal: StopSignal) => void;
  const stopped = new Promise<StopSignal>((resolve) => {
    onSignal = (signal) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
  });
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const first = await Promise.race([work(controller.signal).then((code) => ({ code })), stopped.then((signal) => ({ signal }))]);
    if ('code' in first) return first.code;
    controller.abort();
    io.stderr(`\n${first.signal} received: restoring before exit\n`);
    let lines: string[];
    try {
      lines = await restore(first.signal);
    } catch (error) {
      lines = [`could not restore everything: ${error instanceof Error ? error.message : String(error)}`];
    }
    for (const line of lines) io.stderr(`  ${line}\n`);
    const code = first.signal === 'SIGINT' ? ExitCode.Interrupted : ExitCode.Terminated;
    // Work still in flight (an HTTP read) must not keep the process alive long after the restore.
    setTimeout(() => process.exit(code), 5000).unref();
    return code;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Close the regions of the events a recovery ended; one line each for the user (journaled closes say where). */
export async function closeRegions(emitter: AnnotationEmitter | undefined, events: readonly FailureEventLike[]): Promise<string[]> {
  const lines: string[] = [];
  for (const event of events) {
    if (!emitter || event.phase !== 'end') continue;
    const { outcome } = await annotateFailureEvent(emitter, event);
    lines.push(`region ${event.eventId} closed: ${outcome}${outcome === 'journaled' ? ` (in ${emitter.journal.path}; replay: k2-grafana annotate flush)` : ''}`);
  }
  return lines;
}
