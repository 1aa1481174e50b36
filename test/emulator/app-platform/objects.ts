/**
 * What every app-platform object shares: the namespace rule, object metadata, the manager-annotation checks and the
 * request plumbing (verb, RBAC, namespace authorizer). Sources: docs/app-platform.md (each point cites Grafana's file).
 */
import { createHash } from 'node:crypto';
import { asObject, isoTime, versionAtLeast, type EmulatorVersion, type HandlerContext } from '../context.js';
import type { Reply } from '../reply.js';
import type { OrgState } from '../state.js';
import { badRequest, forbidden, forbiddenBy, status } from './status.js';

/** pkg/apimachinery/utils/meta.go annotation and label keys. */
export const Anno = {
  folder: 'grafana.app/folder',
  message: 'grafana.app/message',
  createdBy: 'grafana.app/createdBy',
  updatedBy: 'grafana.app/updatedBy',
  updatedTimestamp: 'grafana.app/updatedTimestamp',
  managedBy: 'grafana.app/managedBy',
  managerId: 'grafana.app/managerId',
  managerAllowsEdits: 'grafana.app/managerAllowsEdits',
  managerSuspended: 'grafana.app/managerSuspended',
  sourcePath: 'grafana.app/sourcePath',
} as const;
export const LabelDeprecatedInternalID = 'grafana.app/deprecatedInternalID';

/** Keys Grafana computes on every read: a client's values for them are not stored (folder and message are mapped). */
const computedAnnotations = new Set<string>([Anno.folder, Anno.message, Anno.createdBy, Anno.updatedBy, Anno.updatedTimestamp]);
const computedLabels = new Set<string>([LabelDeprecatedInternalID]);

/**
 * authlib types/namespace.go `ParseNamespace`: `default` = org 1, `org-N` (N > 1), `stacks-N` / deprecated `stack-N`
 * = org 1 of stack N; `org-1` is refused ("use default rather than org-1"). `OrgNamespaceFormatter` is the inverse.
 */
export function parseNamespace(ns: string): { orgId: number; stackId?: number } | { error: string } {
  if (ns === 'default') return { orgId: 1 };
  let m = /^org-(\d+)$/.exec(ns);
  if (m) {
    const id = Number(m[1]);
    if (id < 1) return { error: 'invalid org id' };
    if (id === 1) return { error: 'use default rather than org-1' };
    return { orgId: id };
  }
  m = /^stacks?-(\d+)$/.exec(ns);
  if (m && Number(m[1]) >= 1) return { orgId: 1, stackId: Number(m[1]) };
  if (m) return { error: 'invalid stack id' };
  return { error: `namespace didn't parse to a legal value: raw=${ns}` };
}
export const orgNamespace = (orgId: number): string => (orgId === 1 ? 'default' : `org-${orgId}`);

export type Verb = 'list' | 'get' | 'create' | 'update' | 'delete';

export interface Request {
  readonly ctx: HandlerContext;
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly namespace: string;
  readonly name?: string;
  readonly verb: Verb;
  /** The store the namespace names. */
  readonly org: OrgState;
}

/**
 * The namespace authorizer (pkg/services/apiserver/auth/authorizer/namespace.go `namespaceAuthorizer.Authorize`):
 * server admins pass; a namespace that does not parse -> Deny "invalida namespace" [sic]; another org -> "invalid org";
 * a stack namespace on a Grafana without one -> "invalid namespace". Then the route's RBAC action (the per-API
 * authorizers; which action each verb needs is the emulator's mapping, UNVERIFIED), with the same Forbidden body.
 */
export function authorizeRequest(
  ctx: HandlerContext,
  a: { group: string; version: string; resource: string; namespace: string; name?: string; verb: Verb },
  action: string,
): Request | Reply {
  const deny = (reason: string): Reply => forbidden({ ...a, user: ctx.login, reason });
  const parsed = parseNamespace(a.namespace);
  if ('error' in parsed) return deny('invalida namespace');
  if (parsed.stackId !== undefined) return deny('invalid namespace');
  const org = ctx.orgState(parsed.orgId);
  if (!ctx.grafanaAdmin && parsed.orgId !== ctx.orgId) return deny('invalid org');
  if (!org) return deny('invalid org');
  if (!ctx.permissions.has(action)) return deny(`missing permission ${action}`); // reason text UNVERIFIED
  return { ctx, ...a, org };
}

/** gapiutil.CalculateClusterWideUID: a stable uid from group/resource/namespace/name (the hash used here is the emulator's). */
export function k8sUid(group: string, resource: string, namespace: string, name: string): string {
  const h = createHash('sha1').update(`${group}/${resource}/${namespace}/${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export interface StoredMeta {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  resourceVersion?: number;
}

/** The record's resourceVersion, assigned now if a write (or a test's seed) left it unset. */
export function resourceVersionOf(ctx: HandlerContext, record: StoredMeta): number {
  if (record.resourceVersion === undefined) record.resourceVersion = ctx.ids.rv();
  return record.resourceVersion;
}

/** Grafana's identity string for createdBy/updatedBy (`user:<uid>`; sql_dashboards.go getUserID). */
export const identityOf = (login: string): string => `user:${login}`;

/** Reads `metadata` of a request body: name, resourceVersion, labels and annotations (strings only, as k8s decodes them). */
export interface IncomingMeta {
  readonly name?: string;
  readonly generateName?: string;
  readonly resourceVersion?: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

export function readBody(body: unknown, expectedApiVersion: string, kind: string): { meta: IncomingMeta; spec: unknown; raw: Record<string, unknown> } | Reply {
  const raw = asObject(body);
  if (!raw) return badRequest('the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf');
  // k8s.io/apiserver handlers: a body for another group/version (or kind) is refused before it reaches storage.
  if (typeof raw.apiVersion === 'string' && raw.apiVersion !== expectedApiVersion) {
    return badRequest(`the API version in the data (${raw.apiVersion}) does not match the expected API version (${expectedApiVersion})`);
  }
  // A body of another kind is refused too; this text is the emulator's (UNVERIFIED).
  if (typeof raw.kind === 'string' && raw.kind !== kind) return badRequest(`the kind in the data (${raw.kind}) does not match the expected kind (${kind})`);
  const m = asObject(raw.metadata) ?? {};
  const strings = (v: unknown): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [k, x] of Object.entries(asObject(v) ?? {})) if (typeof x === 'string') out[k] = x;
    return out;
  };
  return {
    meta: {
      ...(typeof m.name === 'string' && m.name !== '' ? { name: m.name } : {}),
      ...(typeof m.generateName === 'string' && m.generateName !== '' ? { generateName: m.generateName } : {}),
      ...(typeof m.resourceVersion === 'string' && m.resourceVersion !== '' ? { resourceVersion: m.resourceVersion } : {}),
      labels: strings(m.labels),
      annotations: strings(m.annotations),
    },
    spec: raw.spec,
    raw,
  };
}

/** The labels/annotations to store from a request: Grafana's computed keys are not the client's to set. */
export function storedMeta(meta: IncomingMeta): { labels: Record<string, string>; annotations: Record<string, string> } {
  const labels = Object.fromEntries(Object.entries(meta.labels).filter(([k]) => !computedLabels.has(k)));
  const annotations = Object.fromEntries(Object.entries(meta.annotations).filter(([k]) => !computedAnnotations.has(k)));
  return { labels, annotations };
}

const ManagerKinds = new Set(['repo', 'terraform', 'kubectl', 'plugin', 'grafana', 'classic-file-provisioning', 'classic-api-provisioning', 'classic-converted-prometheus']);
const classicKinds = new Set(['classic-file-provisioning', 'classic-api-provisioning', 'classic-converted-prometheus']);
const manager = (a: Readonly<Record<string, string>> | undefined): { kind: string; id: string } | undefined => {
  const kind = a?.[Anno.managedBy] ?? '';
  // utils.ParseManagerKindString: an unknown kind is ManagerKindUnknown, i.e. not managed.
  return ManagerKinds.has(kind) ? { kind, id: a?.[Anno.managerId] ?? '' } : undefined;
};

/**
 * pkg/storage/unified/apistore/managed.go: `enforceManagerProperties` (create, delete) and
 * `checkManagerPropertiesOnUpdateSpec` (update). A client that is not Grafana's provisioning identity may not write a
 * `repo`-managed object (errResourceIsManagedInRepository; its status here, 403, is UNVERIFIED); the kind may not change
 * (utils.NewResourceManagerKindConflictError, manager_errors.go); the identity may not change except for classic kinds
 * and Terraform's User-Agent ids; terraform/kubectl/plugin/grafana/classic kinds are accepted with no edit lock.
 */
export function checkManager(
  version: EmulatorVersion, group: string, resource: string, name: string, next: Readonly<Record<string, string>>, old?: Readonly<Record<string, string>>,
): Reply | undefined {
  const now = manager(next);
  const before = manager(old);
  const repoRefusal = (): Reply => forbiddenBy(group, resource, name, 'this resource is managed by a repository');
  if (!old) return now?.kind === 'repo' ? repoRefusal() : undefined;
  if (!now && !before) return undefined;
  if (!now && before) return before.kind === 'repo' ? forbiddenBy(group, resource, name, 'Can not remove resource manager from resource') : undefined;
  if (now && before && now.kind !== before.kind) {
    // manager_errors.go is newest main's; older servers send the short text without a cause (IsResourceManagerKindConflictError).
    if (!versionAtLeast(version, '13.1')) return forbiddenBy(group, resource, name, 'Cannot change resource manager kind; remove the existing manager first, then add the new one');
    return forbiddenBy(group, resource, name,
      `Cannot change resource manager kind from "${before.kind}" (identity "${before.id}") to "${now.kind}" (identity "${now.id}"); remove the existing manager first, then add the new one`,
      [{ type: 'ResourceManagerKindConflict', field: `metadata.annotations[${Anno.managedBy}]` }]);
  }
  if (now && before && now.kind !== 'terraform' && !classicKinds.has(now.kind) && now.id !== before.id) {
    return forbiddenBy(group, resource, name, 'Cannot change resource manager identity; remove the existing manager first, then add the new one');
  }
  if (now && before && now.kind === 'terraform' && now.id !== before.id) {
    const ua = /^Terraform\/[^ ]+ \(\+https:\/\/www\.terraform\.io\) terraform-provider-[^/]+\/.+$/;
    if (!ua.test(before.id)) {
      return forbiddenBy(group, resource, name, ua.test(now.id)
        ? 'Cannot change Terraform manager ID back to User-Agent format; stable custom IDs are immutable'
        : 'Cannot change Terraform manager ID; stable custom IDs are immutable');
    }
  }
  return now?.kind === 'repo' ? repoRefusal() : undefined;
}

/** `metadata` as Grafana returns it: stored labels/annotations plus the computed keys. */
export function metadataOut(
  req: { ctx: HandlerContext; group: string; resource: string; namespace: string },
  stored: StoredMeta,
  r: { name: string; id: number; generation?: number; created: string; updated: string; createdBy: string; updatedBy: string; folder?: string; message?: string },
  extraAnnotations: Record<string, string> = {},
): Record<string, unknown> {
  const annotations: Record<string, string> = {
    ...stored.annotations,
    ...extraAnnotations,
    [Anno.createdBy]: identityOf(r.createdBy),
    [Anno.updatedBy]: identityOf(r.updatedBy),
    [Anno.updatedTimestamp]: r.updated,
    ...(r.folder ? { [Anno.folder]: r.folder } : {}),
    ...(r.message ? { [Anno.message]: r.message.length > 500 ? `${r.message.slice(0, 490)}...` : r.message } : {}),
  };
  return {
    name: r.name,
    namespace: req.namespace,
    uid: k8sUid(req.group, req.resource, req.namespace, r.name),
    resourceVersion: String(resourceVersionOf(req.ctx, stored)),
    ...(r.generation !== undefined ? { generation: r.generation } : {}),
    creationTimestamp: r.created,
    labels: sortKeys({ ...stored.labels, [LabelDeprecatedInternalID]: String(r.id) }),
    annotations: sortKeys(annotations),
  };
}

/** Go marshals maps with sorted keys. */
export function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** k8s Status for a successful delete: pkg/apiserver/registry/generic/storage.go NewRegistryStore sets no ReturnDeletedObject. */
export const deleted = (group: string, resource: string, name: string, uid: string): Reply => ({
  status: 200,
  json: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, group, kind: resource, uid } },
});

/** metav1.DeleteOptions preconditions: a resourceVersion that is not the object's -> 409 "Precondition failed". */
export function deletePrecondition(body: unknown, current: number): string | undefined {
  const rv = asObject(asObject(body)?.preconditions)?.resourceVersion;
  if (typeof rv !== 'string' || rv === String(current)) return undefined;
  return `Precondition failed: ResourceVersion in precondition: ${rv}, ResourceVersion in object meta: ${current}`;
}

export const nowIso = (ctx: HandlerContext): string => isoTime(ctx.now());

/** 405 for a verb a resource does not offer (apierrors.NewMethodNotSupported). */
export const methodNotSupported = (group: string, resource: string, verb: string): Reply =>
  status(405, 'MethodNotAllowed', `${verb} is not supported on resources of kind "${resource}.${group}"`, { group, kind: resource });
