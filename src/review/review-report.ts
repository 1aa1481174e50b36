import type { ArtifactSet, JsonObject } from '../model/index.js';
import { diffObjects, type Change, type DashboardComparison } from '../diff/index.js';
import { defaultRegistry, handlerFor, type Registry } from '../kinds/registry.js';
import { isJsonObject } from '../normalise/index.js';
import { artifactObjects, type ReviewObject } from './artifact-objects.js';

export type ObjectStatus = 'added' | 'removed' | 'changed' | 'unchanged';

/** One object of the review: its status and semantic changes. */
export interface ObjectReview {
  /** A registered kind, or `file` for a provisioning file no kind reads. */
  readonly kind: string;
  readonly key: string;
  readonly title: string;
  readonly status: ObjectStatus;
  /** File of the after side (or the before side when removed), relative to the report's `fileRoot`. */
  readonly file?: string;
  readonly changes: readonly Change[];
  /** Dashboards only: the panel pairing and normalised sides, for the grid sketch and layout picture. */
  readonly dashboard?: DashboardComparison;
}

/** What `diff` reports: the two sides' names and every object on either side. */
export interface ReviewReport {
  /** Label of the before side, e.g. `origin/main` or a file name. */
  readonly before: string;
  /** Label of the after side, e.g. `working tree (generated)`. */
  readonly after: string;
  readonly objects: readonly ObjectReview[];
  readonly counts: Readonly<Record<ObjectStatus, number>>;
  /** True when any object differs. */
  readonly changed: boolean;
  /** Prefix that makes `file` a path from the project root (`provisioning/` for artifact sets). */
  readonly fileRoot?: string;
}

export interface ReviewLabels {
  readonly before: string;
  readonly after: string;
  readonly fileRoot?: string;
}

export interface ReviewOptions {
  readonly registry?: Registry;
  /** The project's owner, for kinds keyed by it (the policy route). */
  readonly owner?: string;
}

/** A spec read from a listing only (an owned object no longer defined, not read in full): nothing to normalise. */
const isStub = (spec: unknown): boolean => isJsonObject(spec) && Object.keys(spec).length === 0;

/**
 * The changes between two sides of one object, through its kind: each side normalised against the other by the
 * kind's normaliser, then the kind's changes, the very words plan gives as reasons. A `file` compares leaf by leaf.
 */
function changesOf(registry: Registry, bo: ReviewObject | undefined, ao: ReviewObject | undefined): { changes: Change[]; dashboard?: DashboardComparison } {
  const o = (ao ?? bo)!;
  const object = { key: o.key, title: o.title };
  if (o.kind === 'file') return { changes: diffObjects('file', bo?.spec as JsonObject | undefined, ao?.spec as JsonObject | undefined, object) };
  const handler = handlerFor(registry, o.kind);
  const side = (x: ReviewObject | undefined, peer: ReviewObject | undefined): JsonObject | undefined =>
    x === undefined ? undefined : isStub(x.spec) ? {} : handler.normalise(x.spec, peer && !isStub(peer.spec) ? peer.spec : undefined);
  const before = side(bo, ao);
  const after = side(ao, bo);
  if (handler.compare) return handler.compare(before, after, object);
  if (before && after) return { changes: JSON.stringify(before) === JSON.stringify(after) ? [] : handler.changes(before, after, object) };
  return { changes: diffObjects(o.kind, before, after, object) };
}

/** Compare two lists of objects: paired by kind + key; one side only means added / removed. */
export function reviewObjects(before: readonly ReviewObject[], after: readonly ReviewObject[], labels: ReviewLabels, options: ReviewOptions = {}): ReviewReport {
  const registry = options.registry ?? defaultRegistry;
  const id = (o: ReviewObject) => `${o.kind}\u0000${o.key}`;
  const b = new Map(before.map((o) => [id(o), o]));
  const a = new Map(after.map((o) => [id(o), o]));
  const ids = [...new Set([...a.keys(), ...b.keys()])];
  const objects: ObjectReview[] = [];
  for (const key of ids) {
    const bo = b.get(key);
    const ao = a.get(key);
    const o = (ao ?? bo)!;
    const { changes, dashboard } = changesOf(registry, bo, ao);
    const status: ObjectStatus = !bo ? 'added' : !ao ? 'removed' : changes.length > 0 ? 'changed' : 'unchanged';
    objects.push({
      kind: o.kind, key: o.key, title: o.title, status, file: o.file, changes,
      ...(dashboard ? { dashboard } : {}),
    });
  }
  // Kinds in registry order, files last.
  const kinds = [...registry.handlers.keys()];
  const rank = (kind: string): number => (kinds.includes(kind) ? kinds.indexOf(kind) : kinds.length);
  objects.sort((x, y) => rank(x.kind) - rank(y.kind) || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  const counts = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  for (const o of objects) counts[o.status] += 1;
  return {
    before: labels.before, after: labels.after, objects, counts, changed: counts.added + counts.removed + counts.changed > 0,
    ...(labels.fileRoot !== undefined ? { fileRoot: labels.fileRoot } : {}),
  };
}

/** Compare two artifact sets (provisioning/ at two points): every object in either, with its changes. */
export function reviewArtifactSets(before: ArtifactSet, after: ArtifactSet, labels: ReviewLabels, options: ReviewOptions = {}): ReviewReport {
  return reviewObjects(artifactObjects(before, options), artifactObjects(after, options), { fileRoot: 'provisioning/', ...labels }, options);
}
