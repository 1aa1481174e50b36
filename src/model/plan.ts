/**
 * The provisioning vocabulary: what we want in Grafana (Resource), what Grafana holds (Live), what to do about
 * each object (Plan, PlannedChange) and what happened while doing it (ApplyEvent). Types only, no I/O.
 */

import type { BuiltInKind } from '../kinds/registry.js';

/**
 * A Grafana object kind: one of those the default registry holds (derived from it), or one a project registers
 * itself (`extendRegistry`).
 */
export type Kind = BuiltInKind | (string & {});

/** Identity of an object within its kind: the uid; `<folderUid>/<group title>` for rule groups; the owner for the policy route. */
export type ResourceKey = string;

export interface ResourceRef {
  readonly kind: Kind;
  readonly key: ResourceKey;
}

/** One object we want in Grafana, shaped as the API takes it, without the ownership marker. */
export interface Resource<Spec = unknown> {
  readonly kind: Kind;
  readonly key: ResourceKey;
  /** Human name for messages, e.g. the dashboard title. */
  readonly title: string;
  /** Definition file it came from, named in errors. */
  readonly source?: string;
  readonly spec: Spec;
  /**
   * One-way digest of the secret values the spec refers to (contact points: `$VAR` settings resolved from the
   * environment). Grafana returns secrets redacted, so this digest, stored in the object's marker, decides whether a
   * secret changed. Never the secret itself.
   */
  readonly secretDigest?: string;
  /** Environment variables the object's secrets refer to that are not set (plan only; provision refuses to run). */
  readonly unresolvedSecrets?: readonly string[];
  /** Alerting provenance to leave on the object: `api` (locked in the UI) or '' (editable). Alerting kinds only. */
  readonly provenance?: string;
}

/**
 * The marker k2-grafana stores in every object it pushes (where it lives differs per kind: docs/provisioning.md).
 * `owner` says who manages the object; `hash` is the hash of the normalised spec that was pushed, so an edit made
 * in Grafana since then shows as a mismatch (drift).
 */
export interface Marker {
  readonly owner: string;
  readonly hash?: string;
  readonly secretDigest?: string;
  /**
   * Read back without the uid it was written for (an earlier version's marker, or one a UI save dropped): a copy
   * ("Save as", a duplicated rule) carries such a marker too, so it is ours only on a uid we define; never pruned.
   */
  readonly unbound?: boolean;
}

/** One object as Grafana holds it, marker taken out. */
export interface Live<Spec = unknown> {
  readonly kind: Kind;
  readonly key: ResourceKey;
  readonly title: string;
  /** What Grafana returned, in the same shape as Resource.spec, marker removed. */
  readonly spec: Spec;
  /** The marker found on the object; undefined when it carries none. */
  readonly marker?: Marker;
  /**
   * This Grafana cannot show the marker (folders through the classic API): ownership is decided on evidence
   * (title and contents), and the object is never pruned.
   */
  readonly ownershipUnknown?: boolean;
  /** Optimistic-locking version (dashboards, folders, datasources); the generation on the app-platform path. */
  readonly version?: number;
  /**
   * Read through the app-platform API: the object's `resourceVersion` (an update carries it: a concurrent write makes
   * it a 409) and its labels and annotations (an update keeps those that are not ours).
   */
  /**
   * Carries our manager annotation (app-platform path): whether Grafana's UI lets people edit it. Undefined where
   * the object has no such annotation of ours (the classic API, or not stamped yet).
   */
  readonly uiLock?: 'locked' | 'editable';
  readonly object?: { readonly resourceVersion?: string; readonly labels?: Readonly<Record<string, string>>; readonly annotations?: Readonly<Record<string, string>> };
  /** Alerting provenance: `api`, `file` or '' (none). */
  readonly provenance?: string;
  /** Grafana refuses API writes (file-provisioned datasource or dashboard). */
  readonly readOnly?: boolean;
  /** Objects inside this one (folders: dashboards, rule groups, sub-folders), with their owners; read for prune and as ownership evidence. */
  readonly contents?: readonly (ResourceRef & { readonly owner?: string; readonly title: string })[];
}

/**
 * What plan decided for one object.
 * - create / update / delete: pending writes;
 * - unchanged: Grafana already matches the definitions;
 * - drift: Grafana differs and will not be changed (edited outside k2-grafana since the last push, not ours, or read-only);
 *   `--force` turns drift into update where the API allows it;
 * - kept: owned but no longer defined and not pruned (no --prune, or a folder that holds objects we do not own).
 */
export type PlanAction = 'create' | 'update' | 'unchanged' | 'delete' | 'drift' | 'kept';

/** A reason for a planned action, from the semantic diff engine (src/diff). Only `summary` is relied on here. */
export interface PlanReason {
  readonly summary: string;
}

export interface PlannedChange<Spec = unknown> {
  readonly kind: Kind;
  readonly key: ResourceKey;
  readonly title: string;
  readonly source?: string;
  readonly action: PlanAction;
  /** Live -> desired, in words: the semantic changes, or why nothing is done. */
  readonly reasons: readonly PlanReason[];
  /** One line for people, e.g. `edited in Grafana since the last push; --force overwrites`. */
  readonly note?: string;
  /** An update that overwrites drift (--force) or takes over an object we do not own. */
  readonly forced?: boolean;
  /** Apply order: all changes of one wave run concurrently; waves run in ascending order. */
  readonly wave: number;
  /** Objects this one needs (its folder): if their write fails, this one is not attempted. */
  readonly requires: readonly ResourceRef[];
  /** Marker to stamp on create/update. A create's `hash` is left out: apply computes it right before the write. */
  readonly marker?: Marker;
  readonly desired?: Resource<Spec>;
  readonly live?: Live<Spec>;
}

export type PlanCounts = Readonly<Record<PlanAction, number>>;

/** The plan is data: apply executes it and decides nothing. */
export interface Plan {
  readonly owner: string;
  readonly changes: readonly PlannedChange[];
  readonly counts: PlanCounts;
  /** True when apply would write something (create, update or delete). */
  readonly pending: boolean;
  /**
   * Defined objects whose read failed (a 5xx that outlasted the retries): not planned, so never created twice or
   * overwritten blind; apply reports each as failed, and what requires it as not applied. Everything else proceeds.
   */
  readonly unread?: readonly UnreadObject[];
}

/** A defined object Grafana could not be read for, and why (already redacted). */
export interface UnreadObject {
  readonly kind: Kind;
  readonly key: ResourceKey;
  readonly title: string;
  readonly error: { readonly code: string; readonly message: string; readonly hint?: string };
}

/** What happened to one object during apply. */
export type ApplyOutcome = 'created' | 'updated' | 'deleted' | 'unchanged' | 'drift' | 'kept' | 'failed' | 'not-applied';

export interface ApplyObjectResult {
  readonly kind: Kind;
  readonly key: ResourceKey;
  readonly title: string;
  readonly action: PlanAction;
  readonly outcome: ApplyOutcome;
  /** Why it failed or was not applied (already redacted). */
  readonly error?: { readonly code: string; readonly message: string; readonly hint?: string };
  readonly note?: string;
  readonly elapsedMs: number;
}

export type ApplyCounts = Readonly<Record<ApplyOutcome, number>>;

export interface ApplySummary {
  readonly counts: ApplyCounts;
  readonly elapsedMs: number;
  /** Set when apply stopped early (Grafana unreachable, credentials rejected): the error that stopped it. */
  readonly aborted?: { readonly code: string; readonly message: string; readonly hint?: string };
  readonly results: readonly ApplyObjectResult[];
}

/** Typed progress events; the CLI's TTY lines and JSON output subscribe to them. */
export type ApplyEvent =
  | { readonly type: 'start'; readonly writes: number; readonly concurrency: number }
  | { readonly type: 'wave'; readonly wave: number; readonly kinds: readonly Kind[]; readonly writes: number }
  | { readonly type: 'object'; readonly result: ApplyObjectResult }
  | { readonly type: 'abort'; readonly error: { readonly code: string; readonly message: string; readonly hint?: string } }
  | { readonly type: 'done'; readonly summary: ApplySummary };
