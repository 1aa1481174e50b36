import type { Kind, Live, Resource, UnreadObject } from '../model/index.js';
import { isK2GrafanaError } from '../errors.js';
import { NotFoundError } from '../grafana/grafana-errors.js';
import type { HandlerContext, Listed } from '../kinds/kind-handler.js';
import { defaultRegistry, handlerFor, type Registry } from '../kinds/registry.js';
import { refId } from './desired-resources.js';

/** What Grafana holds that a plan needs: the desired objects that exist, and every object we own. */
export interface LiveSnapshot {
  readonly objects: readonly Live[];
  /** Defined objects whose read failed (not an access problem): plan leaves them out, apply reports them failed. */
  readonly unread?: readonly UnreadObject[];
}

/** Errors after which no read can succeed (the permission check before the first write): the whole run stops. */
const FATAL_READ = new Set(['unreachable', 'unauthorized', 'forbidden', 'api-missing']);

function readFailure(error: unknown): UnreadObject['error'] {
  // A 404 at one of the API's fixed paths is a wrong base URL, not a missing object: nothing else would read either.
  if (error instanceof NotFoundError && error.atRoot) throw error;
  if (isK2GrafanaError(error) && !FATAL_READ.has(error.code)) return { code: error.code, message: `not read: ${error.message}`, hint: error.hint };
  throw error;
}

export interface ReadLiveOptions {
  /** Read owned objects that are no longer defined in full (and folder contents), so they can be deleted. @default false */
  readonly prune?: boolean;
  readonly registry?: Registry;
}

/**
 * Reads everything plan needs, before any write: one listing per kind, then the desired and owned objects the
 * listings do not already carry, all within the run's concurrency limit, and what the objects whose marker cannot
 * be read hold (the evidence of their ownership), and with prune what owned folders hold. A 401/403/unreachable on
 * any read throws here, which is the permission check before the first write.
 */
export async function readLive(ctx: HandlerContext, desired: readonly Resource[], options: ReadLiveOptions = {}): Promise<LiveSnapshot> {
  const registry = options.registry ?? defaultRegistry;
  // Kinds the definitions do not use are read only for prune: a token without, say, datasource permissions can
  // still provision a project that defines no datasource.
  const used = new Set(desired.map((r) => r.kind));
  const kinds = [...registry.handlers.keys()].filter((kind) => options.prune || used.has(kind));
  const wantedOf = (kind: Kind): string[] => desired.filter((r) => r.kind === kind).map((r) => r.key);
  const wantedIds = new Set(desired.map(refId));
  // A read that fails for another reason than access fails only the defined objects it was for.
  const unread: UnreadObject[] = [];
  const titleOf = new Map(desired.map((r) => [refId(r), r.title]));
  const failedRead = (kind: Kind, keys: readonly string[], error: unknown): void => {
    const info = readFailure(error);
    for (const key of keys) if (wantedIds.has(`${kind}:${key}`)) unread.push({ kind, key, title: titleOf.get(`${kind}:${key}`) ?? key, error: info });
  };
  const readsOf = async (kind: Kind): Promise<(Live | undefined)[]> => {
    const handler = handlerFor(registry, kind);
    let listing: readonly Listed<unknown>[];
    try {
      listing = await ctx.limit(() => handler.list(ctx, wantedOf(kind)));
    } catch (error) {
      failedRead(kind, wantedOf(kind), error);
      return [];
    }
    const byKey = new Map<string, Listed<unknown>>(listing.map((l) => [l.key, l]));
    const objects: Promise<Live | undefined>[] = [];
    const keys = new Set<string>();
    for (const key of wantedOf(kind)) if (byKey.has(key) || !handler.listsAll) keys.add(key);
    for (const [key, l] of byKey) {
      if (keys.has(key) || l.marker?.owner !== ctx.owner) continue;
      if (options.prune) keys.add(key);
      // Without prune an owned, undefined object is only reported: its listing is enough.
      else objects.push(Promise.resolve(l.live ?? stub(kind, l)));
    }
    // What an object holds, read as soon as the object is in (alongside the other reads), when it is needed:
    // for a defined object whose marker this Grafana cannot show, as the evidence of whose it is; for an owned
    // object to prune, to know whether deleting it is safe.
    const withContents = async (live: Live | undefined): Promise<Live | undefined> => {
      if (!live || !handler.contents) return live;
      const wanted = wantedIds.has(refId(live));
      const evidence = handler.ownership === 'evidence' && wanted && live.ownershipUnknown === true;
      const prunable = options.prune === true && !wanted && live.marker?.owner === ctx.owner;
      return evidence || prunable ? { ...live, contents: await handler.contents(ctx, live.key) } : live;
    };
    for (const key of keys) {
      const l = byKey.get(key);
      objects.push((l?.live ? Promise.resolve(l.live) : ctx.limit(() => handler.read(ctx, key, l))).then(withContents).catch((error: unknown) => {
        failedRead(kind, [key], error);
        return undefined;
      }));
    }
    return Promise.all(objects);
  };
  // Each kind's reads start as soon as its own listing is in; kinds in registry order, objects in listing order:
  // the same snapshot whatever order the responses came in.
  const reads = await Promise.all(kinds.map(readsOf));
  const order = (u: UnreadObject): string => `${u.kind}:${u.key}`;
  return {
    objects: reads.flat().filter((o): o is Live => o !== undefined),
    ...(unread.length > 0 ? { unread: unread.sort((a, b) => order(a).localeCompare(order(b))) } : {}),
  };
}

function stub(kind: Kind, listed: Listed<unknown>): Live {
  return { kind, key: listed.key, title: listed.title, spec: {}, marker: listed.marker, provenance: listed.provenance };
}
