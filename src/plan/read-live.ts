import type { Kind, Live, Resource } from '../model/index.js';
import type { HandlerContext, Listed } from '../kinds/kind-handler.js';
import { normalisedOf } from '../kinds/normalised-of.js';
import { defaultRegistry, type Registry } from '../kinds/registry.js';
import { refId } from './desired-resources.js';

/** What Grafana holds that a plan needs: the desired objects that exist, and every object we own. */
export interface LiveSnapshot {
  readonly objects: readonly Live[];
}

export interface ReadLiveOptions {
  /** Read owned objects that are no longer defined in full (and folder contents), so they can be deleted. @default false */
  readonly prune?: boolean;
  readonly registry?: Registry;
  /** Called once every listing has arrived, before the reads they call for are sent. */
  readonly onListed?: () => void;
}

/**
 * Reads everything plan needs, before any write: one listing per kind, then the desired and owned objects the
 * listings do not already carry, all within the run's concurrency limit. A 401/403/unreachable on any read throws
 * here, which is the permission check before the first write.
 */
export async function readLive(ctx: HandlerContext, desired: readonly Resource[], options: ReadLiveOptions = {}): Promise<LiveSnapshot> {
  const registry = options.registry ?? defaultRegistry;
  // Kinds the definitions do not use are read only for prune: a token without, say, datasource permissions can
  // still provision a project that defines no datasource.
  const used = new Set(desired.map((r) => r.kind));
  const kinds = [...registry.handlers.keys()].filter((kind) => options.prune || used.has(kind));
  const wantedOf = (kind: Kind): string[] => desired.filter((r) => r.kind === kind).map((r) => r.key);
  // Each kind's reads start as soon as its own listing is in, not when the slowest listing is.
  const listed = kinds.map((kind) => ctx.limit(() => registry.handlers.get(kind)!.list(ctx, wantedOf(kind))));
  // Awaited with the reads below as well, so a failed listing is never left unobserved.
  const allListed = Promise.all(listed).then(() => options.onListed?.());
  const readsOf = (kind: Kind, listing: readonly Listed<unknown>[]): Promise<(Live | undefined)[]> => {
    const objects: Promise<Live | undefined>[] = [];
    const handler = registry.handlers.get(kind)!;
    const byKey = new Map<string, Listed<unknown>>(listing.map((l) => [l.key, l]));
    const wanted = new Set(desired.filter((r) => r.kind === kind).map((r) => r.key));
    const keys = new Set<string>();
    for (const key of wanted) if (byKey.has(key) || !handler.listsAll) keys.add(key);
    for (const [key, l] of byKey) {
      if (keys.has(key) || l.marker?.owner !== ctx.owner) continue;
      if (options.prune) keys.add(key);
      // Without prune an owned, undefined object is only reported: its listing is enough.
      else objects.push(Promise.resolve(l.live ?? stub(kind, l)));
    }
    const desiredByKey = new Map(desired.filter((r) => r.kind === kind).map((r) => [r.key, r]));
    for (const key of keys) {
      const l = byKey.get(key);
      const read = l?.live ? Promise.resolve(l.live) : ctx.limit(() => handler.read(ctx, key, l));
      // Normalise both sides once a read arrives, while other reads are in flight; plan then reuses the result.
      // After pending I/O (setImmediate), so the next read is sent and other responses are taken in first.
      objects.push(read.then((live) => {
        if (!live || handler.peerAware) return live;
        return new Promise<Live>((resolve, reject) => setImmediate(() => {
          try {
            normalisedOf(handler, live.spec);
            const d = desiredByKey.get(key);
            if (d) normalisedOf(handler, d.spec);
            resolve(live);
          } catch (error) {
            reject(error);
          }
        }));
      }));
    }
    return Promise.all(objects);
  };
  const perKind = kinds.map((kind, index) => listed[index].then((listing) => readsOf(kind, listing)));
  // Kinds in registry order, objects in listing order: the same snapshot whatever order the responses came in.
  const [, ...reads] = await Promise.all([allListed, ...perKind]);
  const found = reads.flat().filter((o): o is Live => o !== undefined);
  if (!options.prune) return { objects: found };
  // Folders to prune: what they hold decides whether deleting them is safe.
  const wantedIds = new Set(desired.map(refId));
  const withContents = await Promise.all(
    found.map(async (live) => {
      const handler = registry.handlers.get(live.kind)!;
      if (!handler.contents || wantedIds.has(refId(live)) || live.marker?.owner !== ctx.owner) return live;
      return { ...live, contents: await handler.contents(ctx, live.key) };
    }),
  );
  return { objects: withContents };
}

function stub(kind: Kind, listed: Listed<unknown>): Live {
  return { kind, key: listed.key, title: listed.title, spec: {}, marker: listed.marker, provenance: listed.provenance };
}
