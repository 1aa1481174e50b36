import { isK2GrafanaError } from '../errors.js';
import { annotationTags, eventTag, isValidEventId } from './event-tag.js';
import { AnnotationJournal } from './journal.js';
import { codeOf, isDefinitiveRejection, reasonOf } from './rejection.js';
import type {
  AnnotationApi,
  AnnotationEvent,
  EmitResult,
  FlushReport,
  JournalEntry,
  NewAnnotation,
  StoredAnnotation,
} from './types.js';

export interface AnnotationEmitterOptions {
  readonly api: AnnotationApi;
  /** The journal, or its path. @default AnnotationJournal at `.k2-grafana/annotations.journal` */
  readonly journal?: AnnotationJournal | string;
  /** Tags on every annotation, e.g. the tag a dashboard's annotation query filters on. @default [] */
  readonly baseTags?: readonly string[];
  /** Scope every annotation to this dashboard unless the event says otherwise. */
  readonly dashboardUID?: string;
  readonly panelId?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** Called for conditions worth telling a user about (journal unwritable, duplicates found). */
  readonly onWarning?: (message: string) => void;
}

export interface RegionClose {
  /** The event id the region was opened with. */
  readonly eventId: string;
  /** Epoch ms. */
  readonly timeEnd: number;
  /** Replaces the region's text when given (e.g. "lag injected ... recovered"). */
  readonly text?: string;
}

export interface AnnotationEmitter {
  /** A point annotation. Never throws: the outcome says whether it was sent, found, journaled or rejected. */
  point(event: AnnotationEvent): Promise<EmitResult>;
  /** Opens a region (a failure started); close it with `closeRegion` when it ends. */
  openRegion(event: AnnotationEvent): Promise<EmitResult>;
  /** Sets the region's end (PATCH timeEnd). Replays after its open when both are journaled. */
  closeRegion(close: RegionClose): Promise<EmitResult>;
  /** Replay the journal: each entry reaches Grafana exactly once (looked up by its event tag first). */
  flush(): Promise<FlushReport>;
  /** Number of entries waiting in the journal. */
  pending(): Promise<number>;
  readonly journal: AnnotationJournal;
}

type FlushResult = FlushReport['results'][number];

/**
 * The durable annotation emitter. Every emit is appended to the journal first and the journal is then replayed in
 * order, so the usual path and the recovery path are the same code: an event stays journaled until Grafana
 * confirms it, and before any POST the event is looked up by its `event:<id>` tag, so a post that was applied but
 * whose response was lost is never posted twice. When a region's open and close are both pending they are posted
 * as one region annotation.
 */
export function createAnnotationEmitter(options: AnnotationEmitterOptions): AnnotationEmitter {
  const { api, baseTags = [], now = Date.now, onWarning = () => undefined } = options;
  const journal =
    options.journal instanceof AnnotationJournal ? options.journal : new AnnotationJournal(options.journal);

  function toCreate(event: AnnotationEvent, kind: 'point' | 'region'): JournalEntry {
    const annotation: NewAnnotation = {
      time: event.time,
      text: event.text,
      tags: annotationTags(baseTags, event.tags ?? [], event.eventId),
      ...(event.dashboardUID ?? options.dashboardUID ? { dashboardUID: event.dashboardUID ?? options.dashboardUID } : {}),
      ...(event.panelId ?? options.panelId ? { panelId: event.panelId ?? options.panelId } : {}),
    };
    return { op: 'create', eventId: event.eventId, kind, annotation, queuedAt: now() };
  }

  async function findEvent(eventId: string): Promise<StoredAnnotation | undefined> {
    const tag = eventTag(eventId);
    const found = (await api.findByTags([tag])).filter((a) => a.tags.includes(tag));
    if (found.length > 1) {
      onWarning(`event ${eventId} has ${found.length} annotations in Grafana (ids ${found.map((a) => a.id).join(', ')}); using the oldest`);
    }
    return found.sort((a, b) => a.id - b.id)[0];
  }

  /** Replays `entries` in order; returns what is left. Stops at the first transient failure to keep the order. */
  async function replay(entries: readonly JournalEntry[]): Promise<{ remaining: JournalEntry[]; results: FlushResult[]; rejected: (JournalEntry & { reason: string })[] }> {
    const remaining: JournalEntry[] = [];
    const results: FlushResult[] = [];
    const rejected: (JournalEntry & { reason: string })[] = [];
    const consumed = new Set<number>();
    const rejectedEvents = new Set<string>();
    let halted: string | undefined;
    let haltedCode: string | undefined;

    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      if (consumed.has(i)) continue;
      if (halted !== undefined) {
        remaining.push(entry);
        results.push({ op: entry.op, eventId: entry.eventId, outcome: 'journaled', reason: halted, ...(haltedCode ? { code: haltedCode } : {}) });
        continue;
      }
      if (rejectedEvents.has(entry.eventId)) {
        const reason = 'its annotation was rejected';
        rejected.push({ ...entry, reason });
        results.push({ op: entry.op, eventId: entry.eventId, outcome: 'rejected', reason });
        continue;
      }
      try {
        if (entry.op === 'create') {
          const existing = await findEvent(entry.eventId);
          if (existing) {
            results.push({ op: 'create', eventId: entry.eventId, outcome: 'already-present', id: existing.id });
            continue;
          }
          const closeIndex = entry.kind === 'region'
            ? entries.findIndex((e, j) => j > i && !consumed.has(j) && e.op === 'close' && e.eventId === entry.eventId)
            : -1;
          const close = closeIndex >= 0 ? (entries[closeIndex] as Extract<JournalEntry, { op: 'close' }>) : undefined;
          const annotation: NewAnnotation = close
            ? { ...entry.annotation, timeEnd: close.timeEnd, text: close.text ?? entry.annotation.text }
            : entry.annotation;
          const { id } = await api.create(annotation);
          results.push({ op: 'create', eventId: entry.eventId, outcome: 'sent', id });
          if (close) {
            consumed.add(closeIndex);
            results.push({ op: 'close', eventId: entry.eventId, outcome: 'sent', id });
          }
        } else {
          const existing = await findEvent(entry.eventId);
          if (!existing && !entries.some((e, j) => j < i && e.op === 'create' && e.eventId === entry.eventId)) {
            // No open in Grafana nor before it in this journal: kept for a human, not retried forever.
            const reason = `region ${entry.eventId} was never opened (no annotation tagged ${eventTag(entry.eventId)} in Grafana, no open in the journal); open it with \`annotate open --event-id ${entry.eventId}\` first`;
            rejected.push({ ...entry, reason });
            results.push({ op: 'close', eventId: entry.eventId, outcome: 'rejected', reason });
            continue;
          }
          if (!existing) {
            // Its open is earlier in this journal but has not reached Grafana yet: keep the close for later.
            const reason = `region ${entry.eventId} not found in Grafana yet`;
            remaining.push(entry);
            results.push({ op: 'close', eventId: entry.eventId, outcome: 'journaled', reason });
            continue;
          }
          const sameText = entry.text === undefined || entry.text === existing.text;
          if (existing.timeEnd === entry.timeEnd && sameText) {
            results.push({ op: 'close', eventId: entry.eventId, outcome: 'already-present', id: existing.id });
            continue;
          }
          await api.patch(existing.id, { timeEnd: entry.timeEnd, ...(sameText ? {} : { text: entry.text }) });
          results.push({ op: 'close', eventId: entry.eventId, outcome: 'sent', id: existing.id });
        }
      } catch (error) {
        const reason = reasonOf(error);
        const code = codeOf(error);
        if (isDefinitiveRejection(error)) {
          rejectedEvents.add(entry.eventId);
          rejected.push({ ...entry, reason });
          results.push({ op: entry.op, eventId: entry.eventId, outcome: 'rejected', reason, ...(code ? { code } : {}) });
        } else {
          halted = reason;
          haltedCode = code;
          remaining.push(entry);
          results.push({ op: entry.op, eventId: entry.eventId, outcome: 'journaled', reason, ...(code ? { code } : {}) });
        }
      }
    }
    return { remaining, results, rejected };
  }

  async function flushUnlocked(): Promise<FlushReport> {
    const { entries, unreadable } = await journal.readAllUnlocked();
    if (unreadable.length > 0) {
      // Kept as written before the rewrite below drops them from the journal: never erased.
      await journal.rejectUnlocked(unreadable.map((line) => ({ unreadable: line, reason: 'not a journal entry (torn or corrupted line)' })));
      onWarning(`${unreadable.length} unreadable line(s) in ${journal.path} (torn or corrupted) moved, as written, to ${journal.rejectedPath}`);
    }
    if (entries.length === 0 && unreadable.length === 0) return { results: [], pending: 0 };
    const { remaining, results, rejected } = await replay(entries);
    await journal.rejectUnlocked(rejected);
    await journal.rewriteUnlocked(remaining);
    return { results, pending: remaining.length, ...(unreadable.length > 0 ? { unreadable: unreadable.length } : {}) };
  }

  /**
   * Journal the entry, then replay the journal. A journal busy with another process is waited for (its lock is
   * refreshed while held, taken over when its holder dies), and never bypassed: sending beside a running flush is
   * how events were lost or doubled. Only a journal that cannot be written at all (no such folder, no permission)
   * falls back to one direct attempt, said in a warning.
   */
  async function emit(entry: JournalEntry): Promise<EmitResult> {
    if (!isValidEventId(entry.eventId)) {
      return { eventId: entry.eventId, outcome: 'rejected', reason: `event id "${entry.eventId}" must be letters, digits and . _ : @ - (at most 91)` };
    }
    const pick = (results: readonly FlushResult[]): EmitResult => {
      const mine = [...results].reverse().find((r) => r.op === entry.op && r.eventId === entry.eventId);
      return mine ? { eventId: mine.eventId, outcome: mine.outcome, id: mine.id, reason: mine.reason, ...(mine.code ? { code: mine.code } : {}) } : { eventId: entry.eventId, outcome: 'journaled' };
    };
    try {
      return await journal.exclusive(async () => {
        await journal.appendUnlocked([entry]);
        return pick((await flushUnlocked()).results);
      });
    } catch (journalError) {
      if (isK2GrafanaError(journalError)) {
        // The lock stayed busy (or was taken over): the entry may or may not be in the journal, never sent beside it.
        return { eventId: entry.eventId, outcome: 'failed', reason: `${journalError.message}. ${journalError.hint}`, code: journalError.code };
      }
      onWarning(`annotation journal ${journal.path} unusable (${reasonOf(journalError)}); sending event ${entry.eventId} without it`);
      try {
        const { results } = await replay([entry]);
        const result = pick(results);
        return result.outcome === 'journaled' ? { ...result, outcome: 'failed' } : result;
      } catch (error) {
        return { eventId: entry.eventId, outcome: 'failed', reason: reasonOf(error) };
      }
    }
  }

  return {
    journal,
    point: (event) => emit(toCreate(event, 'point')),
    openRegion: (event) => emit(toCreate(event, 'region')),
    closeRegion: (close) =>
      emit({ op: 'close', eventId: close.eventId, timeEnd: close.timeEnd, ...(close.text !== undefined ? { text: close.text } : {}), queuedAt: now() }),
    flush: () => journal.exclusive(flushUnlocked),
    pending: async () => (await journal.read()).length,
  };
}
