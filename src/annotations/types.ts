/**
 * Vocabulary of the annotation emitter. Generic: the tags that mark a project's annotations (e.g. the tag its dashboards' annotation query filters on)
 * are passed in by the caller, never hard-coded here.
 */

/** Body of POST /api/annotations (grafana-http-api.md section 8). Times are epoch milliseconds. */
export interface NewAnnotation {
  readonly time: number;
  /** Set (and > time) for a region; equal to time or absent for a point. */
  readonly timeEnd?: number;
  readonly text: string;
  readonly tags: readonly string[];
  readonly dashboardUID?: string;
  readonly panelId?: number;
}

/** The fields of Grafana's Annotation DTO the emitter reads back. */
export interface StoredAnnotation {
  readonly id: number;
  readonly time: number;
  readonly timeEnd: number;
  readonly text: string;
  readonly tags: readonly string[];
  readonly dashboardUID?: string;
  readonly panelId?: number;
}

/**
 * The three annotation calls the emitter needs. `grafanaAnnotationApi(client)` implements it over the Grafana
 * client; tests may pass their own. Errors thrown are classified by `isDefinitiveRejection`.
 */
export interface AnnotationApi {
  /** GET /api/annotations?tags=...: annotations carrying every tag. */
  findByTags(tags: readonly string[]): Promise<StoredAnnotation[]>;
  /** POST /api/annotations. Must not be retried by the transport: the emitter de-duplicates itself. */
  create(annotation: NewAnnotation): Promise<{ id: number }>;
  /** PATCH /api/annotations/:id: only the fields given change. */
  patch(id: number, change: { timeEnd?: number; text?: string; tags?: readonly string[] }): Promise<void>;
}

/** One event to annotate. `eventId` is unique per event and makes every emit idempotent. */
export interface AnnotationEvent {
  readonly eventId: string;
  /** Epoch ms. */
  readonly time: number;
  readonly text: string;
  /** Extra tags for this event (the emitter adds its base tags and `event:<eventId>`). */
  readonly tags?: readonly string[];
  readonly dashboardUID?: string;
  readonly panelId?: number;
}

/** A journal line: what still has to reach Grafana, in the order it happened. */
export type JournalEntry =
  | {
      readonly op: 'create';
      readonly eventId: string;
      readonly kind: 'point' | 'region';
      readonly annotation: NewAnnotation;
      readonly queuedAt: number;
    }
  | {
      readonly op: 'close';
      readonly eventId: string;
      readonly timeEnd: number;
      readonly text?: string;
      readonly queuedAt: number;
    };

/** What happened to one event or journal entry. */
export type Outcome =
  /** POSTed (create) or PATCHed (close) now. */
  | 'sent'
  /** Found in Grafana by its event tag: an earlier post had been applied (maybe with its response lost). */
  | 'already-present'
  /** Grafana unreachable or failing: kept in the journal for a later flush. */
  | 'journaled'
  /** Grafana refused it for good (400/404...): moved to the rejected file, never retried. */
  | 'rejected'
  /** Neither sent nor journaled (the journal could not be written either): reported, never thrown. */
  | 'failed';

export interface EmitResult {
  readonly eventId: string;
  readonly outcome: Outcome;
  /** Grafana's annotation id when known. */
  readonly id?: number;
  /** Why it was journaled or rejected (never contains secrets: messages come from typed client errors). */
  readonly reason?: string;
  /** The error code behind `reason` (`forbidden`, `unreachable`, ...), so a caller can say what to fix. */
  readonly code?: string;
}

export interface FlushReport {
  readonly results: readonly (EmitResult & { readonly op: JournalEntry['op'] })[];
  /** Entries still in the journal after this flush. */
  readonly pending: number;
  /** Unreadable journal lines (torn or corrupted) this flush moved to the rejected file. */
  readonly unreadable?: number;
}
