import type { JsonObject, JsonValue, Live, Marker, Resource } from '../model/index.js';
import { canonicalDuration, canonicalJson, isJsonObject } from '../normalise/index.js';
import { OWNER_LABEL } from './alert-rule-list.js';
import type { HandlerContext, KindHandler, Listed } from './kind-handler.js';

/**
 * Notification policies: `/api/v1/provisioning/policies` holds one tree per org and PUT replaces all of it
 * (grafana-http-api.md 7.2). We own one sub-route of the root: it matches `managed_by=<owner>` (the label every rule
 * we push carries) and holds the routes of the definitions. Every write re-reads the live tree and replaces only
 * that sub-route (or adds it first among the root's routes), so routes others own survive.
 * Marker: the owner matcher, plus `k2_grafana_hash != <hash>`, a matcher no alert can fail (no alert carries that
 * label) that keeps the hash of what we pushed in the tree; matchers are stored verbatim.
 * Provenance: the tree is shared, so we never lock it: `X-Disable-Provenance` is sent unless someone else already
 * provisioned it with `api` (a notification resource cannot go from api to none, 6.4).
 */
export interface PolicySpec {
  /** The owner whose sub-route this is (also the key). */
  readonly owner: string;
  /** The routes of the definitions, children of our sub-route. */
  readonly routes: readonly JsonObject[];
}

const HASH_LABEL = 'k2_grafana_hash';
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

async function readTree(ctx: HandlerContext): Promise<JsonObject> {
  const tree = await ctx.client.get<JsonObject>(PATH, { signal: ctx.signal });
  return isJsonObject(tree) ? tree : {};
}

/** Re-reads the live tree and writes it back with our sub-route replaced (or removed when `route` is undefined). */
async function writeTree(ctx: HandlerContext, route: JsonObject | undefined): Promise<void> {
  const tree = await readTree(ctx);
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
  const provenance = typeof tree.provenance === 'string' ? tree.provenance : '';
  await ctx.client.put(PATH, body, {
    headers: provenance === '' ? { 'X-Disable-Provenance': 'true' } : undefined,
    subject: `notification policy route ${OWNER_LABEL}=${ctx.owner}`,
    signal: ctx.signal,
  });
}

export const policy = {
  kind: 'policy',
  dependsOn: ['contact-point'],
  writes: 'serial',
  listsAll: true,

  // One owned sub-route per project, keyed by its owner.
  key: (spec) => spec.owner,
  title: () => 'notification policy route',
  requires: () => [],

  normalise: (spec) => ({ owner: spec.owner, routes: spec.routes.map(normaliseRoute) }),

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
} satisfies KindHandler<PolicySpec>;
