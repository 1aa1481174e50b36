/**
 * `notifications.alerting.grafana.app` routingtrees: the one tree `user-defined` over the classic policy tree
 * (emu.state.policy), as pkg/registry/apps/alerting/notifications/routingtree (legacy_storage.go, conversions.go) does:
 * - spec: apps/alerting/notifications/pkg/apis/alertingnotifications/v0alpha1/routingtree_spec_gen.go: root fields in
 *   `defaults` {receiver, group_by, group_wait, group_interval, repeat_interval}; sub-routes with `matchers`
 *   [{type, label, value}] where the classic tree has `object_matchers` [[label, type, value]].
 * - metadata.resourceVersion = the tree's fingerprint (pkg/services/ngalert/provisioning/notification_policies.go
 *   `calculateRouteFingerprint`: FNV-64a, `%016x`; the bytes hashed here are the emulator's own, so the value differs from
 *   Grafana's but behaves the same: an identical tree keeps its version). No generation.
 * - update: `checkOptimisticConcurrency`: an empty version skips the check; another one -> ErrVersionConflict (409,
 *   "provided version <v> of routing tree does not match current version <cur>").
 * - provenance: annotation `grafana.com/provenance` (v0alpha1 ProvenanceStatusAnnotationKey), absent for none.
 * - delete: resets the tree to the default (the classic DELETE's ResetPolicyTree). Create: not offered for the
 *   single-tree 12.x API (status UNVERIFIED; newest main's managed routes are not emulated).
 */
import { asObject } from '../context.js';
import type { Reply } from '../reply.js';
import { defaultPolicy, type PolicyRoute } from '../state.js';
import { savingAmConfig } from '../routes/notifications.js';
import { NOTIFICATIONS_GROUP } from './discovery.js';
import { methodNotSupported, readBody, sortKeys, storedMeta, k8sUid, type Request } from './objects.js';
import { badRequest, notFound, status } from './status.js';

const RESOURCE = 'routingtrees';
export const TREE_NAME = 'user-defined';
const ProvenanceAnnotation = 'grafana.com/provenance';
export const routingTreeActions = {
  list: 'alert.provisioning:read', get: 'alert.provisioning:read', create: 'alert.provisioning:write', update: 'alert.provisioning:write', delete: 'alert.provisioning:write',
} as const; // the emulator's RBAC mapping; Grafana checks alert.notifications.routes:* (UNVERIFIED)

type Matcher = { type: string; label: string; value: string };
interface SubRoute {
  receiver?: string; matchers?: Matcher[]; continue?: boolean; group_by?: string[]; mute_time_intervals?: string[];
  active_time_intervals?: string[]; routes?: SubRoute[]; group_wait?: string; group_interval?: string; repeat_interval?: string;
}

function toSubRoute(r: PolicyRoute): SubRoute {
  const out: SubRoute = {};
  if (r.receiver) out.receiver = r.receiver;
  if (r.object_matchers?.length) out.matchers = r.object_matchers.map(([label, type, value]) => ({ type, label, value }));
  if (r.continue !== undefined) out.continue = r.continue;
  if (r.group_by?.length) out.group_by = r.group_by;
  if (r.mute_time_intervals?.length) out.mute_time_intervals = r.mute_time_intervals;
  if (r.active_time_intervals?.length) out.active_time_intervals = r.active_time_intervals;
  out.routes = (r.routes ?? []).map(toSubRoute);
  for (const k of ['group_wait', 'group_interval', 'repeat_interval'] as const) if (typeof r[k] === 'string') out[k] = r[k];
  return out;
}

export function specOfPolicy(p: PolicyRoute): Record<string, unknown> {
  const defaults: Record<string, unknown> = { receiver: p.receiver ?? '' };
  if (p.group_by?.length) defaults.group_by = p.group_by;
  for (const k of ['group_wait', 'group_interval', 'repeat_interval'] as const) if (typeof p[k] === 'string') defaults[k] = p[k];
  return { defaults, routes: (p.routes ?? []).map(toSubRoute) };
}

const matcherTypes = new Set(['=', '!=', '=~', '!~']);
function fromSubRoute(r: SubRoute, path: string, errors: string[]): PolicyRoute {
  const out: PolicyRoute = {};
  if (typeof r.receiver === 'string' && r.receiver !== '') out.receiver = r.receiver;
  const matchers = (r.matchers ?? []).filter((m) => {
    if (matcherTypes.has(m.type)) return true;
    errors.push(`route '${path}' has unsupported matcher type: ${m.type}`);
    return false;
  });
  if (matchers.length) out.object_matchers = matchers.map((m) => [m.label, m.type, m.value]);
  if (r.continue !== undefined) out.continue = r.continue;
  if (r.group_by?.length) out.group_by = r.group_by;
  if (r.mute_time_intervals?.length) out.mute_time_intervals = r.mute_time_intervals;
  if (r.active_time_intervals?.length) out.active_time_intervals = r.active_time_intervals;
  for (const k of ['group_wait', 'group_interval', 'repeat_interval'] as const) if (typeof r[k] === 'string' && r[k] !== '') out[k] = r[k];
  if (r.routes?.length) out.routes = r.routes.map((s, i) => fromSubRoute(s, `${path}[${i}]`, errors));
  return out;
}

/** FNV-1a 64 of the tree's content (provenance excluded), as 16 hex digits. */
export function fingerprint(p: PolicyRoute): string {
  const { provenance: _p, ...tree } = p;
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(stableJson(tree), 'utf8')) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}
const stableJson = (v: unknown): string =>
  Array.isArray(v) ? `[${v.map(stableJson).join(',')}]`
    : v !== null && typeof v === 'object' ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(',')}}`
      : JSON.stringify(v);

function toObject(req: Request): Record<string, unknown> {
  const p = req.org.policy;
  const meta = req.org.routingTreeMeta ?? { labels: {}, annotations: {} };
  const annotations = { ...meta.annotations, ...(p.provenance ? { [ProvenanceAnnotation]: p.provenance } : {}) };
  return {
    kind: 'RoutingTree',
    apiVersion: `${NOTIFICATIONS_GROUP}/${req.version}`,
    metadata: {
      name: TREE_NAME, namespace: req.namespace, uid: k8sUid(NOTIFICATIONS_GROUP, RESOURCE, req.namespace, TREE_NAME),
      resourceVersion: fingerprint(p), labels: { ...meta.labels }, annotations: sortKeys(annotations),
    },
    spec: specOfPolicy(p),
  };
}

export function listRoutingTrees(req: Request): Reply {
  return {
    status: 200,
    json: { kind: 'RoutingTreeList', apiVersion: `${NOTIFICATIONS_GROUP}/${req.version}`, metadata: { resourceVersion: fingerprint(req.org.policy) }, items: [toObject(req)] },
  };
}

export function getRoutingTree(req: Request): Reply {
  return req.name === TREE_NAME ? { status: 200, json: toObject(req) } : notFound(NOTIFICATIONS_GROUP, RESOURCE, req.name ?? '');
}

export async function updateRoutingTree(req: Request): Promise<Reply> {
  if (req.name !== TREE_NAME) return notFound(NOTIFICATIONS_GROUP, RESOURCE, req.name ?? '');
  const parsed = readBody(req.ctx.body, `${NOTIFICATIONS_GROUP}/${req.version}`, 'RoutingTree');
  if ('status' in parsed) return parsed;
  const spec = asObject(parsed.spec) ?? {};
  const defaults = asObject(spec.defaults) ?? {};
  const errors: string[] = [];
  const tree: PolicyRoute = fromSubRoute({ ...(defaults as SubRoute), routes: Array.isArray(spec.routes) ? (spec.routes as SubRoute[]) : [] }, '.', errors);
  if (errors.length) return badRequest(errors.join('\n'));
  if (!tree.receiver) return badRequest('invalid object specification: root route must specify a default receiver'); // text UNVERIFIED
  const known = new Set([...req.org.contactPoints.values()].map((c) => c.name));
  const missing = [...receivers(tree)].find((n) => !known.has(n));
  if (missing) return badRequest(`invalid object specification: receiver '${missing}' does not exist`);
  const version = parsed.meta.resourceVersion ?? '';
  const current = fingerprint(req.org.policy);
  if (version !== '' && version !== current) {
    return status(409, 'Conflict', `provided version ${version} of routing tree does not match current version ${current}`, {
      name: TREE_NAME, group: NOTIFICATIONS_GROUP, kind: RESOURCE,
    });
  }
  const meta = storedMeta(parsed.meta);
  delete meta.annotations[ProvenanceAnnotation];
  return savingAmConfig(req.ctx, () => {
    req.org.policy = tree; // the app-platform write carries no provenance (ProvenanceNone; UNVERIFIED for 13.x)
    req.org.routingTreeMeta = meta;
    return { status: 200, json: toObject(req) };
  });
}

export async function deleteRoutingTree(req: Request): Promise<Reply> {
  if (req.name !== TREE_NAME) return notFound(NOTIFICATIONS_GROUP, RESOURCE, req.name ?? '');
  return savingAmConfig(req.ctx, () => {
    req.org.policy = defaultPolicy();
    delete req.org.routingTreeMeta;
    return { status: 200, json: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: TREE_NAME, group: NOTIFICATIONS_GROUP, kind: RESOURCE } } };
  });
}

export const createRoutingTree = (): Reply => methodNotSupported(NOTIFICATIONS_GROUP, RESOURCE, 'create');

function receivers(r: PolicyRoute, out = new Set<string>()): Set<string> {
  if (r.receiver) out.add(r.receiver);
  for (const s of r.routes ?? []) receivers(s, out);
  return out;
}
