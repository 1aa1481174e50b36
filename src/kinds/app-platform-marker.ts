import type { Marker } from '../model/index.js';
import { bindUid, unbind } from './marker.js';

/**
 * Ownership in an app-platform object's metadata (docs/app-platform.md cites Grafana's source for each key):
 * Grafana's manager annotations (pkg/apimachinery/utils/meta.go `AnnoKeyManagerKind`, `AnnoKeyManagerIdentity`,
 * `AnnoKeyManagerAllowsEdits`), which Grafana's UI reads, plus our hash bound to the object's name. The kind is
 * `kubectl`: of the kinds an API client may declare (pkg/storage/unified/apistore/managed.go
 * `enforceManagerProperties`: `repo` is refused to anyone but the provisioning service; `terraform` and `kubectl`
 * are accepted), it is the generic "managed by a tool outside Grafana" one; `terraform` would misname us. Kinds also
 * keep their classic marker in the spec (a dashboard's tag and field, a folder's description), so either path reads
 * what the other wrote.
 */
export const MANAGED_BY = 'grafana.app/managedBy';
export const MANAGER_ID = 'grafana.app/managerId';
export const MANAGER_ALLOWS_EDITS = 'grafana.app/managerAllowsEdits';
/** `AnnoKeyFolder`: a dashboard's folder, and a folder's parent. */
export const FOLDER_ANNOTATION = 'grafana.app/folder';
/** `AnnoKeyMessage`: the history message of a write. */
export const MESSAGE_ANNOTATION = 'grafana.app/message';
/** Ours: `<hash>@<name>`, the hash of the normalised spec pushed, bound to the object it was written for. */
export const HASH_ANNOTATION = 'k2-grafana/hash';
export const MANAGER_KIND = 'kubectl';

/** Manager kinds whose objects Grafana refuses API writes to (file provisioning; Git Sync repositories). */
const READ_ONLY_MANAGERS = new Set(['classic-file-provisioning', 'repo']);

type Annotations = Readonly<Record<string, string>>;

/** The marker our annotations hold; undefined when another manager (or none) holds the object. */
export function annotationMarker(annotations: Annotations | undefined, name: string): Marker | undefined {
  if (!annotations || annotations[MANAGED_BY] !== MANAGER_KIND || !annotations[MANAGER_ID]) return undefined;
  const field = annotations[HASH_ANNOTATION];
  const bound = field ? unbind(field) : undefined;
  // Bound to another name: copied from another object (an import of our YAML), not ours.
  if (bound?.uid !== undefined && bound.uid !== name) return undefined;
  return { owner: annotations[MANAGER_ID], ...(bound ? { hash: bound.hash } : {}), ...(bound?.uid === undefined ? { unbound: true } : {}) };
}

/** The marker of the spec when it is whole (owner and a bound hash), else the metadata's, else the spec's partial one. */
export function eitherMarker(fromSpec: Marker | undefined, fromMetadata: Marker | undefined): Marker | undefined {
  if (fromSpec && !fromSpec.unbound && fromSpec.hash !== undefined) return fromSpec;
  if (fromMetadata && !fromMetadata.unbound && fromMetadata.hash !== undefined) return fromMetadata;
  return fromSpec ?? fromMetadata;
}

/** Grafana refuses writes from the API to it (provisioned from files, or by a Git Sync repository). */
export function managedReadOnly(annotations: Annotations | undefined): boolean {
  return READ_ONLY_MANAGERS.has(annotations?.[MANAGED_BY] ?? '');
}

/** Held by a manager other than this owner (another tool, or another project): Grafana refuses to change kind or id in one write. */
export function foreignManager(annotations: Annotations | undefined, owner: string): boolean {
  const kind = annotations?.[MANAGED_BY];
  return kind !== undefined && kind !== '' && (kind !== MANAGER_KIND || annotations?.[MANAGER_ID] !== owner);
}

/** The annotations an object is written with: the ones it has that are not ours or a manager's, plus ours. */
export function stampedAnnotations(existing: Annotations | undefined, marker: Marker, name: string, options: { editable: boolean; folder?: string; message: string }): Record<string, string> {
  const kept = withoutManager(existing);
  delete kept[FOLDER_ANNOTATION];
  delete kept[MESSAGE_ANNOTATION];
  return {
    ...kept,
    ...(options.folder ? { [FOLDER_ANNOTATION]: options.folder } : {}),
    [MANAGED_BY]: MANAGER_KIND,
    [MANAGER_ID]: marker.owner,
    // Locked by default: the UI shows the object as managed and offers no save; editable on request.
    ...(options.editable ? { [MANAGER_ALLOWS_EDITS]: 'true' } : {}),
    [HASH_ANNOTATION]: bindUid(marker.hash ?? '', name),
    [MESSAGE_ANNOTATION]: options.message,
  };
}

/** The annotations without any manager's or our hash (the first write of a take-over: Grafana wants the old manager removed first). */
export function withoutManager(existing: Annotations | undefined): Record<string, string> {
  const kept: Record<string, string> = { ...existing };
  for (const key of [MANAGED_BY, MANAGER_ID, MANAGER_ALLOWS_EDITS, 'grafana.app/managerSuspended', HASH_ANNOTATION]) delete kept[key];
  return kept;
}

/** Whether our manager annotation leaves the object editable in the UI; undefined when it is not ours to say. */
export function uiLockOf(annotations: Annotations | undefined, owner: string | undefined): 'locked' | 'editable' | undefined {
  if (owner === undefined || annotations?.[MANAGED_BY] !== MANAGER_KIND || annotations[MANAGER_ID] !== owner) return undefined;
  return annotations[MANAGER_ALLOWS_EDITS] === 'true' ? 'editable' : 'locked';
}
