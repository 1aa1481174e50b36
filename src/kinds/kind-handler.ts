import type { GrafanaClient } from '../grafana/index.js';
import type { JsonObject, Kind, Live, Marker, Resource, ResourceKey, ResourceRef } from '../model/index.js';

/** What a handler needs to talk to Grafana during one run. Built once per run by plan/apply callers. */
export interface HandlerContext {
  readonly client: GrafanaClient;
  /** The ownership marker value of this project, e.g. `k2-grafana/checkout`. */
  readonly owner: string;
  /** Environment used to resolve `$VAR` secret references at push time; never printed. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Bounded concurrency shared by every read of the run (p-limit). */
  readonly limit: <T>(task: () => Promise<T>) => Promise<T>;
  /** Per-run cache for reads several handlers share (e.g. the alert rule list). */
  readonly memo: Map<string, Promise<unknown>>;
  readonly signal?: AbortSignal;
}

/** An object found by `list`: enough to know it exists and who owns it; `live` when the listing is already complete. */
export interface Listed<Spec = JsonObject> {
  readonly key: ResourceKey;
  readonly title: string;
  readonly marker?: Marker;
  readonly provenance?: string;
  readonly live?: Live<Spec>;
}

/**
 * Everything k2-grafana knows about one Grafana kind. Handlers never decide what to do (plan/ does) and never retry
 * (the client does); they map between the API and Resource/Live, and stamp or read the ownership marker.
 */
export interface KindHandler<Spec = JsonObject> {
  readonly kind: Kind;
  /** Kinds that must be written first; the registry derives apply order from this. */
  readonly dependsOn: readonly Kind[];
  /** `serial` when every write touches one shared object (the notification policy tree). */
  readonly writes: 'parallel' | 'serial';
  /** `list` returns every object of the kind, so one missing from it does not exist and is not read. */
  readonly listsAll: boolean;
  key(spec: Spec): ResourceKey;
  title(spec: Spec): string;
  /** Same-kind parent that must exist first (nested folders). */
  parentKey?(spec: Spec): ResourceKey | undefined;
  /** Objects of other kinds this one needs (its folder): not attempted when their write fails. */
  requires(spec: Spec): ResourceRef[];
  /**
   * Canonical comparable form, pure, marker-free, keys sorted (plan compares and hashes its JSON text directly). `peer` is the other side of a comparison, for kinds whose form
   * depends on it (contact points mask the secret settings either side declares).
   */
  normalise(spec: Spec, peer?: Spec): JsonObject;
  /** `normalise` reads its `peer` argument (otherwise plan normalises each side once and reuses it). */
  readonly peerAware?: boolean;
  /**
   * Every object of this kind that matters: the owned ones (for prune) and, among `wanted` (the desired keys), those
   * that exist.
   * Runs inside the run's concurrency limit, so it must not take a slot itself (no ctx.limit inside).
   */
  list(ctx: HandlerContext, wanted: readonly ResourceKey[]): Promise<readonly Listed<Spec>[]>;
  /** One object, marker separated; undefined when Grafana has none (404). */
  read(ctx: HandlerContext, key: ResourceKey, listed?: Listed<Spec>): Promise<Live<Spec> | undefined>;
  /** What a folder holds (for prune); other kinds have no contents. Runs outside the limit and may use ctx.limit. */
  contents?(ctx: HandlerContext, key: ResourceKey): Promise<Live['contents']>;
  create(ctx: HandlerContext, desired: Resource<Spec>, marker: Marker): Promise<void>;
  update(ctx: HandlerContext, desired: Resource<Spec>, live: Live<Spec>, marker: Marker): Promise<void>;
  remove(ctx: HandlerContext, live: Live<Spec>): Promise<void>;
}
