import type { AppPlatformResource } from '../grafana/app-platform-client.js';
import type { JsonObject, JsonValue } from '../model/index.js';
import { isJsonObject } from '../normalise/index.js';
import type { KindAppPlatform } from './kind-handler.js';

/**
 * The notification-policy tree through `notifications.alerting.grafana.app` `routingtrees/user-defined`
 * (docs/app-platform.md): the same tree as `/api/v1/provisioning/policies`, in another shape (routingtree_spec_gen.go:
 * the root's fields in `defaults`, `matchers: [{type, label, value}]` for `object_matchers: [[label, type, value]]`),
 * and, unlike the classic PUT, with a version: `metadata.resourceVersion` is the tree's fingerprint, and an update
 * carrying a stale one is a 409 (`checkOptimisticConcurrency`), so a concurrent change of the tree is never lost.
 * The policy kind works on the classic shape; this converts at the edge.
 */
export const policyAppPlatform: KindAppPlatform = {
  group: 'notifications.alerting.grafana.app',
  resource: 'routingtrees',
  objectKind: 'RoutingTree',
  // Newest main serves v1beta1 (with managed routes; the default tree keeps its name), 12.x v0alpha1.
  versions: ['v1beta1', 'v0alpha1'],
  // pkg/services/accesscontrol/models.go `ActionAlertingRoutesRead` / `ActionAlertingRoutesWrite`.
  permissions: { read: 'alert.notifications.routes:read', create: 'alert.notifications.routes:write', write: 'alert.notifications.routes:write', delete: 'alert.notifications.routes:write' },
};

export const TREE_NAME = 'user-defined';
/** v0alpha1 `ProvenanceStatusAnnotationKey`. */
const PROVENANCE = 'grafana.com/provenance';

const ROOT_FIELDS = ['receiver', 'group_by', 'group_wait', 'group_interval', 'repeat_interval'] as const;
const ROUTE_FIELDS = ['receiver', 'continue', 'group_by', 'mute_time_intervals', 'active_time_intervals', 'group_wait', 'group_interval', 'repeat_interval'] as const;

function toClassicRoute(route: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of ROUTE_FIELDS) if (route[key] !== undefined) out[key] = route[key];
  const matchers = Array.isArray(route.matchers) ? route.matchers.filter(isJsonObject) : [];
  if (matchers.length > 0) out.object_matchers = matchers.map((m) => [String(m.label ?? ''), String(m.type ?? ''), String(m.value ?? '')]);
  const routes = Array.isArray(route.routes) ? route.routes.filter(isJsonObject) : [];
  if (routes.length > 0) out.routes = routes.map(toClassicRoute);
  return out;
}

function toAppRoute(route: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of ROUTE_FIELDS) if (route[key] !== undefined) out[key] = route[key];
  const matchers = Array.isArray(route.object_matchers) ? route.object_matchers.filter((m): m is JsonValue[] => Array.isArray(m) && m.length === 3) : [];
  if (matchers.length > 0) out.matchers = matchers.map(([label, type, value]) => ({ type: String(type), label: String(label), value: String(value) }));
  out.routes = (Array.isArray(route.routes) ? route.routes.filter(isJsonObject) : []).map(toAppRoute);
  return out;
}

/** The live tree in the classic shape (`provenance` from its annotation), with the version an update must carry. */
export interface VersionedTree {
  readonly tree: JsonObject;
  readonly resourceVersion?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export async function readRoutingTree(resource: AppPlatformResource, subject: string, signal?: AbortSignal): Promise<VersionedTree> {
  const object = await resource.get(TREE_NAME, subject, signal);
  if (!object) return { tree: {} };
  const spec = isJsonObject(object.spec as JsonValue) ? (object.spec as JsonObject) : {};
  const defaults = isJsonObject(spec.defaults) ? spec.defaults : {};
  const tree: JsonObject = {};
  for (const key of ROOT_FIELDS) if (defaults[key] !== undefined) tree[key] = defaults[key];
  tree.routes = (Array.isArray(spec.routes) ? spec.routes.filter(isJsonObject) : []).map(toClassicRoute);
  const annotations = object.metadata.annotations;
  tree.provenance = annotations?.[PROVENANCE] ?? '';
  return { tree, resourceVersion: object.metadata.resourceVersion, labels: object.metadata.labels, annotations };
}

/** PUT the tree (classic shape) carrying the version read: a concurrent change of the tree makes it a 409. */
export async function writeRoutingTree(resource: AppPlatformResource, read: VersionedTree, tree: JsonObject, subject: string, signal?: AbortSignal): Promise<void> {
  const defaults: JsonObject = {};
  for (const key of ROOT_FIELDS) if (tree[key] !== undefined) defaults[key] = tree[key];
  const routes = (Array.isArray(tree.routes) ? tree.routes.filter(isJsonObject) : []).map(toAppRoute);
  const annotations: Record<string, string> = { ...read.annotations };
  delete annotations[PROVENANCE];
  await resource.update({
    metadata: { name: TREE_NAME, ...(read.labels ? { labels: read.labels } : {}), annotations, ...(read.resourceVersion ? { resourceVersion: read.resourceVersion } : {}) },
    spec: { defaults, routes },
  }, subject, signal);
}
