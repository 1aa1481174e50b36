import type { Live, Marker, Plan, PlanAction, PlanCounts, PlannedChange, PlanReason, Resource } from '../model/index.js';
import { textHash } from '../kinds/marker.js';
import { defaultRegistry, handlerFor, type Registry } from '../kinds/registry.js';
import { refId } from './desired-resources.js';
import type { LiveSnapshot } from './read-live.js';
import { assignWaves } from './waves.js';

export interface PlanOptions {
  /** Ownership marker value of this project (`ownerFor(project.name)`). */
  readonly owner: string;
  /** Overwrite drift (objects edited in Grafana since the last push) and take over objects we do not own. @default false */
  readonly force?: boolean;
  /** Delete owned objects that are no longer defined (never a folder holding objects we do not own). @default false */
  readonly prune?: boolean;
  /** Objects whose UI lock k2-grafana stamps (app-platform dashboards and folders) are to be editable. @default false (locked) */
  readonly editableDashboards?: boolean;
  readonly registry?: Registry;
}

const FORCE_HINT = '--force overwrites';

/**
 * Decides, per object, what apply will do: desired + live -> Plan. Pure: no I/O, same input gives the same plan.
 * An object is unchanged when both sides normalise equal (and its secret digest and provenance match); drift is kept
 * unless forced; only objects carrying our ownership marker are ever deleted.
 */
export function plan(desired: readonly Resource[], live: LiveSnapshot, options: PlanOptions): Plan {
  const registry = options.registry ?? defaultRegistry;
  const liveById = new Map(live.objects.map((l) => [refId(l), l]));
  const wantedIds = new Set(desired.map(refId));
  const changes: Omit<PlannedChange, 'wave'>[] = [];
  // What could not be read is not planned: "absent" would be a create, and the live side is unknown.
  const unreadIds = new Set((live.unread ?? []).map(refId));

  for (const d of desired) if (!unreadIds.has(refId(d))) changes.push(planOne(d, liveById.get(refId(d)), options, registry, wantedIds));

  for (const l of live.objects) {
    if (wantedIds.has(refId(l)) || l.marker?.owner !== options.owner) continue;
    changes.push(planRemoval(l, options, wantedIds));
  }

  const sorted = assignWaves(changes, registry).sort(
    (a, b) => a.wave - b.wave || a.kind.localeCompare(b.kind) || a.key.localeCompare(b.key),
  );
  const counts = Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<PlanAction, number>;
  for (const c of sorted) counts[c.action] += 1;
  return {
    owner: options.owner,
    changes: sorted,
    counts: counts as PlanCounts,
    pending: counts.create + counts.update + counts.delete > 0,
    ...(live.unread?.length ? { unread: live.unread } : {}),
  };
}

/**
 * One defined object planned again against a fresh read (apply, after a write lost a race with another writer):
 * the same decision `plan` makes, so a concurrent edit is drift, not overwritten, unless forced.
 */
export function replanObject(desired: Resource, live: Live | undefined, options: PlanOptions, wantedIds: ReadonlySet<string>): Omit<PlannedChange, 'wave'> {
  return planOne(desired, live, options, options.registry ?? defaultRegistry, wantedIds);
}

export const ACTIONS: readonly PlanAction[] = ['create', 'update', 'unchanged', 'delete', 'drift', 'kept'];

function planOne(d: Resource, l: Live | undefined, options: PlanOptions, registry: Registry, wantedIds: ReadonlySet<string>): Omit<PlannedChange, 'wave'> {
  const isOurs = (live: Live): boolean => ours(live, d, options.owner, wantedIds);
  const handler = handlerFor(registry, d.kind);
  const marker: Marker = { owner: options.owner, ...(d.secretDigest ? { secretDigest: d.secretDigest } : {}) };
  const base = { kind: d.kind, key: d.key, title: d.title, source: d.source, requires: handler.requires(d.spec), desired: d, live: l };
  // A create's hash is left to apply, which computes it right before the write, while other writes are in flight.
  if (!l) return { ...base, marker, action: 'create', reasons: [] };

  // Each side normalised against the other (secrets either side declares masked on both; rule uids Grafana
  // generated for rules defined without one ignored), once each; the marker stores the hash of the desired side's
  // form, which the next run compares with the live side's, normalised the same way.
  const wanted = handler.normalise(d.spec, l.spec);
  const wantedText = JSON.stringify(wanted);
  const held = handler.normalise(l.spec, d.spec);
  const heldText = JSON.stringify(held);
  const stamped: Marker = { ...marker, hash: textHash(wantedText) };
  const same = wantedText === heldText;
  const reasons: PlanReason[] = same ? [] : handler.changes(held, wanted, d);
  if (reasons.length === 0 && !same) reasons.push({ summary: 'changed' });
  const unresolved = d.unresolvedSecrets?.length ? `secret settings not compared: ${d.unresolvedSecrets.map((v) => `$${v}`).join(', ')} not set` : undefined;
  if (d.secretDigest !== undefined && l.marker?.secretDigest !== d.secretDigest) {
    reasons.push({ summary: l.marker?.secretDigest ? 'secret settings changed (values not shown)' : 'secret settings not known to match (values not shown)' });
  }
  if (d.provenance !== undefined && (l.provenance ?? '') !== d.provenance) {
    reasons.push({ summary: `provenance "${l.provenance || 'none'}" -> "${d.provenance || 'none'}" (${d.provenance ? 'locked in the UI' : 'editable in the UI'})` });
  }
  if (l.uiLock !== undefined) {
    const wantedLock = options.editableDashboards ? 'editable' : 'locked';
    if (l.uiLock !== wantedLock) reasons.push({ summary: `UI lock "${l.uiLock}" -> "${wantedLock}" (grafana.app/managerAllowsEdits)` });
  }
  if (reasons.length === 0) {
    const note = l.readOnly ? 'read-only in Grafana (provisioned from a file)' : !isOurs(l) ? 'matches the definitions; not managed by k2-grafana' : unresolved;
    return { ...base, marker: stamped, action: 'unchanged', reasons, ...(note ? { note } : {}) };
  }
  if (l.readOnly) {
    return { ...base, marker: stamped, action: 'drift', reasons, note: 'read-only in Grafana (provisioned from a file): change it where it is provisioned; never updated through the API' };
  }
  // Grafana refuses API writes that change provenance `file` (grafana-http-api.md 6.4): say how, do not try.
  if (l.provenance === 'file' && d.provenance !== undefined) {
    return { ...base, marker: stamped, action: 'drift', reasons, note: 'provenance "file" (provisioned from a file): Grafana refuses to change it through the API; change it in the provisioning file, or remove it there, reload alerting provisioning, and run again' };
  }
  if (!isOurs(l)) {
    const who = l.marker ? `managed by ${l.marker.owner}` : l.ownershipUnknown ? foreignEvidence(l, d, options.owner, wantedIds) : mixedContents(l, options.owner) ?? 'not managed by k2-grafana';
    if (!options.force) return { ...base, marker: stamped, action: 'drift', reasons, note: `exists in Grafana, ${who}; --force takes it over` };
    return { ...base, marker: stamped, action: 'update', reasons, forced: true, note: `taken over (--force): was ${who}` };
  }
  // The live side is normalised against the desired one, as the stored hash was (e.g. rule uids Grafana generated).
  const edited = !l.ownershipUnknown && (l.marker?.hash === undefined || textHash(heldText) !== l.marker.hash);
  if (edited && !options.force) return { ...base, marker: stamped, action: 'drift', reasons, note: `edited in Grafana since the last push; ${FORCE_HINT}` };
  return { ...base, marker: stamped, action: 'update', reasons, ...(edited ? { forced: true, note: 'edited in Grafana since the last push: overwritten (--force)' } : {}) };
}

/**
 * Ours: carries our marker. Where this Grafana cannot show the marker (classic folders), ownership that cannot be
 * read is not ownership: ours only on evidence, i.e. it carries the title we define and holds nothing, or only
 * objects we own (so a project's own folder, holding its dashboards and rules, stays ours after an upgrade).
 */
function ours(l: Live, d: Resource, owner: string, wantedIds: ReadonlySet<string>): boolean {
  if (l.marker) return l.marker.owner === owner;
  if (!l.ownershipUnknown) return false;
  return l.title === d.title && (l.contents ?? []).every((c) => contentIsOurs(c, owner, wantedIds));
}

/** A content object is ours by its marker; a defined one whose own marker cannot be read is judged on its own. */
function contentIsOurs(c: NonNullable<Live['contents']>[number], owner: string, wantedIds: ReadonlySet<string>): boolean {
  return c.owner === owner || (c.owner === undefined && wantedIds.has(refId(c)));
}

/** An object holding some parts of ours and some not (a rule group with a rule someone added or duplicated). */
function mixedContents(l: Live, owner: string): string | undefined {
  const contents = l.contents ?? [];
  const foreign = contents.filter((c) => c.owner !== owner);
  if (foreign.length === 0 || foreign.length === contents.length) return undefined;
  const names = foreign.slice(0, 3).map((c) => `"${c.title}"`).join(', ');
  return `holding ${contents.length - foreign.length} of our objects and ${foreign.length} not ours (${names}${foreign.length > 3 ? ', ...' : ''}), which --force would replace or delete`;
}

/** Why an object whose marker cannot be read is not taken as ours. */
function foreignEvidence(l: Live, d: Resource, owner: string, wantedIds: ReadonlySet<string>): string {
  if (l.title !== d.title) return `titled "${l.title}", not "${d.title}", so not known to be ours (this Grafana cannot show who owns it)`;
  const foreign = (l.contents ?? []).filter((c) => !contentIsOurs(c, owner, wantedIds));
  return `holding ${foreign.length} object(s) k2-grafana does not own (${foreign.slice(0, 3).map((c) => `${c.kind} "${c.title}"`).join(', ')}), so not known to be ours`;
}

function planRemoval(l: Live, options: PlanOptions, wantedIds: ReadonlySet<string>): Omit<PlannedChange, 'wave'> {
  const base = { kind: l.kind, key: l.key, title: l.title, requires: [], live: l };
  const gone = [{ summary: `${l.kind} "${l.title}" is no longer defined` }];
  if (l.marker?.unbound) {
    return { ...base, action: 'kept', reasons: gone, note: 'carries our marker without the uid it was written for (a copy, or a push by an earlier version): not ours to delete' };
  }
  if (!options.prune) return { ...base, action: 'kept', reasons: gone, note: 'no longer defined; --prune deletes it' };
  if (l.readOnly) return { ...base, action: 'kept', reasons: gone, note: 'read-only in Grafana: not deleted' };
  const foreign = (l.contents ?? []).filter((c) => c.owner !== options.owner || wantedIds.has(refId(c)));
  if (foreign.length > 0) {
    const names = foreign.slice(0, 3).map((c) => `${c.kind} "${c.title}"`).join(', ');
    return { ...base, action: 'kept', reasons: gone, note: `not deleted: holds ${foreign.length} object(s) k2-grafana does not own or still defines (${names}${foreign.length > 3 ? ', ...' : ''})` };
  }
  return { ...base, action: 'delete', reasons: gone };
}


