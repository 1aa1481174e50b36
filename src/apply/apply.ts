import pLimit from 'p-limit';
import type {
  ApplyCounts, ApplyEvent, ApplyObjectResult, ApplyOutcome, ApplySummary, Marker, Plan, PlannedChange,
} from '../model/index.js';
import { isK2GrafanaError, K2GrafanaError, type ErrorCode } from '../errors.js';
import { GrafanaApiError } from '../grafana/grafana-errors.js';
import { stableStringify } from '../normalise/index.js';
import type { HandlerContext } from '../kinds/kind-handler.js';
import { desiredHash } from '../kinds/marker.js';
import { defaultRegistry, handlerFor, type Registry } from '../kinds/registry.js';
import { refId } from '../plan/desired-resources.js';
import { replanObject } from '../plan/plan.js';
import { writeLocks } from './write-lock.js';

export interface ApplyOptions {
  /** Writes in flight at once. @default 8 */
  readonly concurrency?: number;
  /** Receives typed progress events (the CLI prints them; --output json collects them). */
  readonly onEvent?: (event: ApplyEvent) => void;
  /** Clock for elapsed times. @default Date.now */
  readonly now?: () => number;
  /** When the run began (before reading Grafana), so the summary's elapsed time covers reads too. @default now() */
  readonly startedAt?: number;
  readonly registry?: Registry;
  /** Where write-group lock files live (shared by every provision process on this machine). @default tmpdir()/k2-grafana-locks */
  readonly lockDir?: string;
  /** The plan was made with --force: an object re-planned after a lost race is overwritten as forced. @default false */
  readonly force?: boolean;
  /** The plan was made with editable dashboards (PlanOptions.editableDashboards), for the same re-plan. @default false */
  readonly editableDashboards?: boolean;
}

export const defaultConcurrency = 8;

/** Writes of a write group sent at most per object after a conflict or 5xx, or after a concurrent writer undid one. */
const GROUP_ATTEMPTS = 4;

/** Writes of one object that may lose a race (409 Conflict: someone wrote it between our read and our write). */
export const RACE_ATTEMPTS = 3;

/** A 409 that says the object changed since it was read (a stale resourceVersion or folder version), not a duplicate. */
function lostRace(error: unknown): boolean {
  return error instanceof GrafanaApiError && error.status === 409 && error.code === 'conflict';
}

export const OUTCOMES: readonly ApplyOutcome[] = ['created', 'updated', 'deleted', 'unchanged', 'drift', 'kept', 'failed', 'not-applied'];

/** Errors after which no further write can succeed: stop starting new ones. */
const FATAL: ReadonlySet<string> = new Set<ErrorCode>(['unreachable', 'unauthorized', 'forbidden']);

const WRITE_OUTCOME = { create: 'created', update: 'updated', delete: 'deleted' } as const;

type ErrorInfo = NonNullable<ApplyObjectResult['error']>;

function errorInfo(error: unknown): ErrorInfo {
  if (isK2GrafanaError(error)) return { code: error.code, message: error.message, hint: error.hint };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/**
 * Executes a plan; decides nothing. Up to `concurrency` writes run at once; each create or update starts once the
 * writes it follows (its folder; every write of a kind it depends on and does not name) are done; deletes run last,
 * in wave order; kinds whose writes share one object (the policy tree) write one at a time. Objects planned
 * unchanged, drift or kept cause no request. A write whose prerequisite (its folder) failed is not attempted; after
 * an unreachable / unauthorised / forbidden error no new write starts. Every object gets exactly one result.
 */
export async function apply(plan: Plan, ctx: HandlerContext, options: ApplyOptions = {}): Promise<ApplySummary> {
  const registry = options.registry ?? defaultRegistry;
  const now = options.now ?? Date.now;
  const emit = options.onEvent ?? (() => {});
  const concurrency = Math.max(1, options.concurrency ?? defaultConcurrency);
  const started = options.startedAt ?? now();
  const results = new Map<string, ApplyObjectResult>();
  const failed = new Set<string>();
  let aborted: ErrorInfo | undefined;

  const record = (result: ApplyObjectResult): void => {
    results.set(refId(result), result);
    if (result.outcome === 'failed' || result.outcome === 'not-applied') failed.add(refId(result));
    emit({ type: 'object', result });
  };

  const writes = plan.changes.filter((c) => c.action === 'create' || c.action === 'update' || c.action === 'delete');
  const wantedIds = new Set(plan.changes.filter((c) => c.desired).map(refId));
  emit({ type: 'start', writes: writes.length, concurrency });
  // Objects whose read failed: failed here, so what requires them (a dashboard in that folder) is not attempted.
  for (const u of plan.unread ?? []) record({ kind: u.kind, key: u.key, title: u.title, action: 'kept', outcome: 'failed', error: u.error, elapsedMs: 0 });
  for (const c of plan.changes) {
    if (!(c.action in WRITE_OUTCOME)) {
      record({ kind: c.kind, key: c.key, title: c.title, action: c.action, outcome: c.action as ApplyOutcome, ...(c.note ? { note: c.note } : {}), elapsedMs: 0 });
    }
  }

  const limit = pLimit(concurrency);
  const serial = new Map<string, ReturnType<typeof pLimit>>();
  const locks = writeLocks(ctx.client?.baseUrl ?? '', options.lockDir);
  const run = (change: PlannedChange): Promise<void> => {
    const handler = handlerFor(registry, change.kind);
    if (handler.writeGroup !== undefined) return limit(() => locks.run(handler.writeGroup!, () => execute(change)));
    if (handler.writes !== 'serial') return limit(() => execute(change));
    const own = serial.get(change.kind) ?? pLimit(1);
    serial.set(change.kind, own);
    return limit(() => own(() => execute(change)));
  };
  for (const wave of [...new Set(writes.map((c) => c.wave))].sort((a, b) => a - b)) {
    const inWave = writes.filter((c) => c.wave === wave);
    emit({ type: 'wave', wave, kinds: [...new Set(inWave.map((c) => c.kind))], writes: inWave.length });
  }

  // Creates and updates start as soon as what they follow is done, not when their whole wave is: a dashboard waits
  // for its own folder (its `requires`), and for every write of a kind it depends on that it does not name.
  const upserts = writes.filter((c) => c.action !== 'delete').sort((a, b) => a.wave - b.wave);
  const finished = new Map<string, Promise<void>>();
  for (const change of upserts) {
    const named = new Set(change.requires.map((r) => r.kind));
    const dependsOn = new Set(handlerFor(registry, change.kind).dependsOn);
    const required = new Set(change.requires.map(refId));
    const before = upserts.filter((d) => d.wave < change.wave && (required.has(refId(d)) || (dependsOn.has(d.kind) && !named.has(d.kind))));
    finished.set(refId(change), Promise.all(before.map((d) => finished.get(refId(d)))).then(() => run(change)));
  }
  await Promise.all(finished.values());
  // Deletes, wave by wave (contents before their folder, the policy route before its contact points).
  const deletes = writes.filter((c) => c.action === 'delete');
  for (const wave of [...new Set(deletes.map((c) => c.wave))].sort((a, b) => a - b)) {
    await Promise.all(deletes.filter((c) => c.wave === wave).map(run));
  }

  async function execute(change: PlannedChange): Promise<void> {
    const base = { kind: change.kind, key: change.key, title: change.title, action: change.action, ...(change.note ? { note: change.note } : {}) };
    if (aborted) return record({ ...base, outcome: 'not-applied', error: { code: 'aborted', message: `not applied: the run stopped (${aborted.message})` }, elapsedMs: 0 });
    const blocker = change.requires.find((r) => failed.has(refId(r)));
    if (blocker) {
      return record({ ...base, outcome: 'not-applied', error: { code: 'dependency', message: `not applied: ${blocker.kind} ${blocker.key} was not applied` }, elapsedMs: 0 });
    }
    const handler = handlerFor(registry, change.kind);
    const t0 = now();
    try {
      if (handler.writeGroup !== undefined) await writeInGroup(change);
      else if (change.action === 'delete') await handler.remove(ctx, change.live!);
      else {
        let current: PlannedChange = change;
        for (let lost = 0; ;) {
          const marker = stampOf(current);
          try {
            if (current.action === 'create') await handler.create(ctx, current.desired!, marker);
            else await handler.update(ctx, current.desired!, current.live!, marker);
            break;
          } catch (error) {
            if (await confirmedAfterConflict(current, marker, error)) {
              // A create refused on its first attempt found the object already there and equal: the listing missed it
              // (search is not read-after-write in 12.x, grafana-http-api.md 14.6). Nothing was created.
              if (current.action === 'create' && error instanceof GrafanaApiError && error.attempts === 1) {
                return record({ ...base, outcome: 'unchanged', note: 'already in Grafana and equal (the listing had missed it)', elapsedMs: now() - t0 });
              }
              break;
            }
            if (current.action !== 'update' || !lostRace(error)) throw error;
            lost += 1;
            if (lost >= RACE_ATTEMPTS) {
              throw new K2GrafanaError(
                'conflict',
                `${change.kind} "${change.title}" (${change.key}): lost ${lost} races in a row: each time, someone else wrote it between our read and our write (${(error as GrafanaApiError).message})`,
                'Another writer keeps changing it (a second provision, a script, the UI): run provision again when it is done. Nothing else was affected.',
              );
            }
            // Re-read and re-planned, never written over blindly: their edit may now be drift (kept unless --force).
            const replanned = replanObject(change.desired!, await handler.read(ctx, change.key), { owner: plan.owner, force: options.force, editableDashboards: options.editableDashboards, registry }, wantedIds);
            if (replanned.action !== 'update' && replanned.action !== 'create') {
              const note = `re-read after a concurrent write: ${replanned.note ?? replanned.action}`;
              return record({ ...base, action: replanned.action, outcome: replanned.action as ApplyOutcome, note, elapsedMs: now() - t0 });
            }
            current = { ...change, ...replanned, wave: change.wave };
          }
        }
      }
      record({ ...base, outcome: WRITE_OUTCOME[change.action as keyof typeof WRITE_OUTCOME], elapsedMs: now() - t0 });
    } catch (error) {
      const info = errorInfo(error);
      if (FATAL.has(info.code) && !aborted) {
        aborted = info;
        emit({ type: 'abort', error: info });
      }
      record({ ...base, outcome: 'failed', error: info, elapsedMs: now() - t0 });
    }
  }

  /**
   * A write of a write group (one shared alertmanager configuration, grafana-http-api.md 14.2-14.3): after a 5xx or
   * 409 the object is read back (done when it is there and equal: a create whose response was lost gets 500 in
   * 12.x), and after a success it is read back too, since a writer outside our lock (another machine, the UI) may
   * have saved over it; either way it is written again, within GROUP_ATTEMPTS.
   */
  async function writeInGroup(change: PlannedChange): Promise<void> {
    const handler = handlerFor(registry, change.kind);
    const marker = change.action === 'delete' ? undefined : stampOf(change);
    let lastError: unknown;
    for (let attempt = 1; attempt <= GROUP_ATTEMPTS; attempt++) {
      try {
        if (change.action === 'delete') await handler.remove(ctx, change.live!);
        else if (change.action === 'create' && attempt === 1) await handler.create(ctx, change.desired!, marker!);
        else {
          // After the first attempt, the object as it is now decides between create and update.
          const live = change.action === 'create' ? await handler.read(ctx, change.key) : change.live!;
          if (live) await handler.update(ctx, change.desired!, live, marker!);
          else await handler.create(ctx, change.desired!, marker!);
        }
        lastError = undefined;
      } catch (error) {
        if (!(error instanceof GrafanaApiError) || error.status === undefined) throw error;
        if (!(error.status >= 500 || error.status === 409 || error.status === 412 || (error.status === 400 && error.attempts > 1))) throw error;
        lastError = error;
      }
      if (await isInPlace(change, marker)) return;
      if (attempt < GROUP_ATTEMPTS) await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 50 * attempt)));
    }
    if (lastError) throw lastError;
    throw new K2GrafanaError(
      'conflict',
      `${change.kind} "${change.title}": written ${GROUP_ATTEMPTS} times, and each time a concurrent write of the alertmanager configuration replaced it`,
      'Another writer (a provision run on another machine, the Grafana UI) keeps saving the same configuration: run provision again when it is done.',
    );
  }

  /** The object is as this write leaves it: gone for a delete; carrying our hash, or equal to the definition. */
  async function isInPlace(change: PlannedChange, marker: Marker | undefined): Promise<boolean> {
    const handler = handlerFor(registry, change.kind);
    const live = await handler.read(ctx, change.key);
    if (change.action === 'delete') return live === undefined || live.marker?.owner !== plan.owner;
    if (!live || !change.desired || !marker) return false;
    if (live.marker?.owner === marker.owner && live.marker?.hash !== undefined && live.marker.hash === marker.hash) return true;
    return stableStringify(handler.normalise(live.spec, change.desired.spec)) === stableStringify(handler.normalise(change.desired.spec, live.spec));
  }

  /** The plan's marker, with the hash of the desired spec when the plan left it to us (creates). */
  function stampOf(change: PlannedChange): Marker {
    const marker = change.marker ?? { owner: plan.owner };
    return marker.hash !== undefined ? marker : { ...marker, hash: desiredHash(handlerFor(registry, change.kind), change.desired!.spec) };
  }

  /**
   * A 409/412 (or a 400 after a retry) may mean an earlier attempt of this very write was committed and only its
   * response was lost: read the object back; if it now carries our hash (or equals the definition), it is done.
   */
  async function confirmedAfterConflict(change: PlannedChange, marker: Marker, error: unknown): Promise<boolean> {
    if (!(error instanceof GrafanaApiError) || error.status === undefined) return false;
    if (!(error.status === 409 || error.status === 412 || (error.status === 400 && error.attempts > 1))) return false;
    return isInPlace(change, marker);
  }

  const ordered = [...(plan.unread ?? []), ...plan.changes].map((c) => results.get(refId(c))!).filter(Boolean);
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<ApplyOutcome, number>;
  for (const r of ordered) counts[r.outcome] += 1;
  const summary: ApplySummary = { counts: counts as ApplyCounts, elapsedMs: now() - started, ...(aborted ? { aborted } : {}), results: ordered };
  emit({ type: 'done', summary });
  return summary;
}
