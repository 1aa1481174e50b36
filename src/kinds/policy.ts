import { diffObjects } from '../diff/index.js';
import type { JsonObject, JsonValue, Live, Marker, PolicyDefinition, Resource } from '../model/index.js';
import { canonicalDuration, canonicalJson, isJsonObject } from '../normalise/index.js';
import { escapeStrings, unescapeStrings } from '../render/file-interpolation.js';
import { OWNER_LABEL } from './alert-rule-list.js';
import type { HandlerContext, KindApiCall, KindHandler, Listed, SpecOf } from './kind-handler.js';
import { safetyFor } from './http.js';
import { fieldIssues } from './shape.js';
import { ALERTMANAGER_CONFIG } from './write-groups.js';
import { appPlatformFor, readVia } from './transport.js';
import { policyAppPlatform, readRoutingTree, writeRoutingTree, type VersionedTree } from './policy-app-platform.js';

/**
 * Notification policies: `/api/v1/provisioning/policies` holds one tree per org and PUT replaces all of it
 * (grafana-http-api.md 7.2). We own one sub-route of the root: it matches `managed_by=<owner>` (the label every rule
 * we push carries) and holds the routes of the definitions. Every write re-reads the live tree and replaces only
 * that sub-route (or adds it first among the root's routes), so routes others own survive.
 * Marker: the owner matcher, plus `k2_grafana_hash != <hash>`, a matcher no alert can fail (no alert carries that
 * label) that keeps the hash of what we pushed in the tree; matchers are stored verbatim.
 * Provenance: the tree is shared, so we never lock it: `X-Disable-Provenance` is sent unless someone else already
 * provisioned it with `api` (a notification resource cannot go from api to none, 6.4).
 * Where the server offers the routing-tree resource (policy-app-platform.ts), the tree is read and written there
 * instead: the same tree, with a version, so a concurrent change between our read and our write is a 409 (re-read
 * and written again by the write group), not lost as with the classic PUT.
 * Files: `alerting/policies.yaml`, section `policies`. File provisioning replaces the whole tree, so the file holds a
 * root (receiver `rootReceiver`) whose only children are the definitions' routes; reading it back gives our
 * sub-route's spec, the routes under the root.
 */
export interface PolicySpec {
  /** The owner whose sub-route this is (also the key). */
  readonly owner: string;
  /** The routes of the definitions, children of our sub-route. */
  readonly routes: readonly JsonObject[];
}

/** The marker matcher's label: no alert carries it, so `!=` always matches (exported for the importer to drop it). */
export const HASH_LABEL = 'k2_grafana_hash';
const PATH = '/api/v1/provisioning/policies';

type Matcher = [string, string, string];

function matchersOf(route: JsonObject): Matcher[] {
  return Array.isArray(route.object_matchers)
    ? route.object_matchers.filter((m): m is Matcher => Array.isArray(m) && m.length === 3).map((m) => [String(m[0]), String(m[1]), String(m[2])])
    : [];
}

function ownerOf(route: JsonObject): string | undefined {
  return matchersOf(route).find(([name, op]) => name === OWNER_LABEL && op === '=')?.[2];
}

function ownedRoute(routes: readonly JsonObject[], owner: string): JsonObject | undefined {
  return routes.find((route) => ownerOf(route) === owner);
}

/** Drops what Grafana adds or omits interchangeably: empty lists, `continue: false`, provenance; durations canonical. */
export function normaliseRoute(route: JsonValue): JsonValue {
  if (!isJsonObject(route)) return route;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(route)) {
    if (key === 'provenance') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (key === 'continue' && value === false) continue;
    if (value === null || value === '') continue;
    if (key === 'routes' && Array.isArray(value)) out.routes = value.map(normaliseRoute);
    else if (key === 'object_matchers' && Array.isArray(value)) out.object_matchers = [...value].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    else if (/_(wait|interval)$/.test(key)) out[key] = canonicalDuration(value) as JsonValue;
    else out[key] = value;
  }
  return canonicalJson(out);
}

/** The mute timings a route and its children name (`mute_time_intervals`). */
export function muteTimingsOf(route: JsonObject): string[] {
  const own = Array.isArray(route.mute_time_intervals) ? route.mute_time_intervals.filter((n): n is string => typeof n === 'string') : [];
  const children = Array.isArray(route.routes) ? route.routes.filter(isJsonObject) : [];
  return [...own, ...children.flatMap(muteTimingsOf)];
}

function ourRoute(spec: PolicySpec, marker: Marker): JsonObject {
  return {
    object_matchers: [[OWNER_LABEL, '=', marker.owner], [HASH_LABEL, '!=', marker.hash ?? '']],
    routes: [...spec.routes],
  };
}

function toLive(tree: JsonObject, owner: string): Live<PolicySpec> | undefined {
  const routes = Array.isArray(tree.routes) ? tree.routes.filter(isJsonObject) : [];
  const route = ownedRoute(routes, owner);
  if (!route) return undefined;
  const hash = matchersOf(route).find(([name, op]) => name === HASH_LABEL && op === '!=')?.[2];
  return {
    kind: 'policy',
    key: owner,
    title: `notification policy route ${OWNER_LABEL}=${owner}`,
    spec: { owner, routes: Array.isArray(route.routes) ? route.routes.filter(isJsonObject) : [] },
    marker: { owner, hash: hash || undefined },
    provenance: typeof tree.provenance === 'string' ? tree.provenance : '',
  };
}

const SUBJECT = (owner: string): string => `notification policy route ${OWNER_LABEL}=${owner}`;

async function classicTree(ctx: HandlerContext): Promise<JsonObject> {
  const tree = await ctx.client.get<JsonObject>(PATH, { signal: ctx.signal });
  return isJsonObject(tree) ? tree : {};
}

async function readVersioned(ctx: HandlerContext): Promise<VersionedTree & { appPlatform: boolean }> {
  return readVia<VersionedTree & { appPlatform: boolean }>(ctx, policy, async (resource) => ({ ...(await readRoutingTree(resource, SUBJECT(ctx.owner), ctx.signal)), appPlatform: true }),
    async () => ({ tree: await classicTree(ctx), appPlatform: false }));
}

async function readTree(ctx: HandlerContext): Promise<JsonObject> {
  return (await readVersioned(ctx)).tree;
}

const provenanceOf = (tree: JsonObject): string => (typeof tree.provenance === 'string' ? tree.provenance : '');

/** Re-reads the live tree and writes it back with our sub-route replaced (or removed when `route` is undefined). */
async function writeTree(ctx: HandlerContext, route: JsonObject | undefined): Promise<void> {
  let read = await readVersioned(ctx);
  // The app-platform write sets no provenance: a tree someone provisioned (`api`, `file`) keeps the classic PUT, which keeps it.
  if (read.appPlatform && provenanceOf(read.tree) !== '') read = { tree: await classicTree(ctx), appPlatform: false };
  const tree = read.tree;
  const routes = Array.isArray(tree.routes) ? tree.routes.filter(isJsonObject) : [];
  const index = routes.findIndex((r) => ownerOf(r) === ctx.owner);
  const next = [...routes];
  if (route === undefined) {
    if (index < 0) return;
    next.splice(index, 1);
  } else if (index >= 0) next[index] = route;
  // First among the root's routes: it matches only our own alerts, so it takes nothing from routes others own.
  else next.unshift(route);
  const body: JsonObject = { ...tree, routes: next };
  delete body.provenance;
  const provenance = provenanceOf(tree);
  const resource = read.appPlatform ? await appPlatformFor(ctx, policy) : undefined;
  if (resource) return writeRoutingTree(resource, read, body, SUBJECT(ctx.owner), ctx.signal);
  await ctx.client.put(PATH, body, {
    headers: provenance === '' ? { 'X-Disable-Provenance': 'true' } : undefined,
    ...safetyFor(api, 'PUT', PATH),
    subject: `notification policy route ${OWNER_LABEL}=${ctx.owner}`,
    signal: ctx.signal,
  });
}

const api: readonly KindApiCall[] = [
  { method: 'PUT', path: PATH, safety: 'idempotent', why: 'whole-tree replace' },
  { method: 'PUT', path: '/apis/notifications.alerting.grafana.app/:version/namespaces/:namespace/routingtrees/:name', safety: 'idempotent', why: 'whole-tree replace, conditional on resourceVersion (the tree\'s fingerprint)' },
];

function parse(doc: JsonObject, file: string, ctx: { owner: string }): SpecOf<PolicySpec>[] {
  const trees = Array.isArray(doc.policies) ? doc.policies.filter(isJsonObject) : [];
  // The file does not name the owner (the route matcher is added at push time): the review's, when it knows it.
  const owner = ctx.owner || 'routes under the root';
  return trees.slice(0, 1).map((tree) => ({ source: file, spec: { owner, routes: Array.isArray(tree.routes) ? tree.routes.filter(isJsonObject).map(unescapeStrings) : [] } }));
}

export const policy: KindHandler<PolicySpec> & { readonly kind: 'policy' } = {
  kind: 'policy' as const,
  // Mute timings first: Grafana refuses a tree naming one that does not exist, and one the tree names cannot be deleted.
  dependsOn: ['contact-point', 'mute-timing'],
  writes: 'serial',
  writeGroup: ALERTMANAGER_CONFIG,
  listsAll: true,
  ownership: 'marker',
  api,
  appPlatform: policyAppPlatform,
  definitions: {
    field: 'policies',
    shapeIssues: (entry, path) => fieldIssues(entry, path, [{ field: 'source', type: 'string' }, { field: 'route', type: 'object' }]),
    // Every route of the definitions goes under the one sub-route this project owns.
    specs: (entries: readonly PolicyDefinition[], ctx) =>
      entries.length === 0 ? [] : [{ source: entries[0].source, spec: { owner: ctx.owner, routes: entries.map((p) => p.route) } }],
  },
  files: {
    section: 'policies',
    /**
     * The tree is written escaped (src/render/file-interpolation.ts): grafana/grafana
     * pkg/services/provisioning/alerting/notification_policy_types.go (commit 031be6386df86d39d753a69cc9f505b3ea39cac6)
     * `NotificiationPolicyV1` reads it as a `JSONValue` and maps `Policy.Value()`, so every string (receiver, matchers,
     * group_by, timing names) is expanded.
     */
    render: (project, options) => ((project.policies ?? []).length === 0 ? [] : [['alerting/policies.yaml', {
      apiVersion: 1,
      policies: [{ orgId: 1, ...escapeStrings({ receiver: options.rootReceiver, group_by: ['grafana_folder', 'alertname'], routes: (project.policies ?? []).map((p) => p.route) }) }],
    }] as const]),
    parse,
  },

  // One owned sub-route per project, keyed by its owner.
  key: (spec) => spec.owner,
  title: () => 'notification policy route',
  requires: (spec) => [...new Set(spec.routes.flatMap(muteTimingsOf))].map((key) => ({ kind: 'mute-timing', key })),

  normalise: (spec) => ({ owner: spec.owner, routes: spec.routes.map(normaliseRoute) }),
  changes: (before, after, object) => diffObjects('policy', before, after, object),

  async list(ctx): Promise<Listed<PolicySpec>[]> {
    const tree = await readTree(ctx);
    const live = toLive(tree, ctx.owner);
    return live ? [{ key: live.key, title: live.title, marker: live.marker, provenance: live.provenance, live }] : [];
  },

  async read(ctx): Promise<Live<PolicySpec> | undefined> {
    return toLive(await readTree(ctx), ctx.owner);
  },

  create: (ctx, desired: Resource<PolicySpec>, marker) => writeTree(ctx, ourRoute(desired.spec, marker)),
  update: (ctx, desired, _live, marker) => writeTree(ctx, ourRoute(desired.spec, marker)),
  remove: (ctx) => writeTree(ctx, undefined),
};
