/**
 * The Kubernetes `Status` error body every app-platform route answers with (k8s.io/apimachinery/pkg/api/errors,
 * `NewNotFound` / `NewAlreadyExists` / `NewConflict` / `NewForbidden` / `NewBadRequest` / `NewInvalid`, serialised by
 * k8s.io/apiserver responsewriters `ErrorNegotiated`). Key order is the struct's field order (Go marshals structs in
 * declaration order): kind, apiVersion, metadata, status, message, reason, details, code.
 */
import type { Reply } from '../reply.js';

export interface StatusDetails {
  readonly name?: string;
  readonly group?: string;
  /** The resource (plural), as apierrors puts `qualifiedResource.Resource` there. */
  readonly kind?: string;
  readonly causes?: ReadonlyArray<{ readonly reason?: string; readonly message?: string; readonly field?: string; readonly type?: string }>;
}

export function status(code: number, reason: string, message: string, details?: StatusDetails): Reply {
  const d = details && Object.values(details).some((v) => v !== undefined && v !== '') ? { details: clean(details) } : {};
  return {
    status: code,
    json: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...d, code },
  };
}

function clean(details: StatusDetails): StatusDetails {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(details)) if (v !== undefined && v !== '') out[k] = v;
  return out as StatusDetails;
}

/** `<resource>.<group>` as schema.GroupResource.String() prints it. */
export const qualified = (group: string, resource: string): string => `${resource}.${group}`;

/** apierrors.NewNotFound: `<resource>.<group> "<name>" not found`. */
export const notFound = (group: string, resource: string, name: string): Reply =>
  status(404, 'NotFound', `${qualified(group, resource)} "${name}" not found`, { name, group, kind: resource });

/** apierrors.NewAlreadyExists: `<resource>.<group> "<name>" already exists`. */
export const alreadyExists = (group: string, resource: string, name: string): Reply =>
  status(409, 'AlreadyExists', `${qualified(group, resource)} "${name}" already exists`, { name, group, kind: resource });

/** The generic store's stale-resourceVersion answer: apierrors.NewConflict with storage's "object has been modified" text. */
export const conflict = (group: string, resource: string, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again'): Reply =>
  status(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(group, resource)} "${name}": ${why}`, { name, group, kind: resource });

/**
 * responsewriters.Forbidden + forbiddenMessage (k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go):
 * `<resource>.<group> ["<name>" ]is forbidden: User "<user>" cannot <verb> resource "<resource>" in API group "<group>"
 * in the namespace "<ns>": <reason>`.
 */
export function forbidden(a: { group: string; resource: string; name?: string; user: string; verb: string; namespace: string; reason: string }): Reply {
  const what = a.name ? `${qualified(a.group, a.resource)} "${a.name}"` : qualified(a.group, a.resource);
  const msg = `User "${a.user}" cannot ${a.verb} resource "${a.resource}" in API group "${a.group}" in the namespace "${a.namespace}"`;
  return status(403, 'Forbidden', `${what} is forbidden: ${msg}${a.reason ? `: ${a.reason}` : ''}`, { name: a.name, group: a.group, kind: a.resource });
}

/** apierrors.NewForbidden(gr, name, err) for storage-layer refusals (manager annotations, managed.go). */
export const forbiddenBy = (group: string, resource: string, name: string, why: string, causes?: StatusDetails['causes']): Reply =>
  status(403, 'Forbidden', why, { name, group, kind: resource, causes });

/** apierrors.NewBadRequest: no details. */
export const badRequest = (message: string): Reply => status(400, 'BadRequest', message);

/** apierrors.NewInvalid: `<Kind>.<group> "<name>" is invalid: <field>: <detail>` (422). */
export const invalid = (group: string, kind: string, name: string, field: string, detail: string): Reply =>
  status(422, 'Invalid', `${kind}.${group} "${name}" is invalid: ${field}: ${detail}`, {
    name, group, kind, causes: [{ reason: 'FieldValueRequired', message: detail, field }],
  });
