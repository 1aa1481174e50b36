import type { AppObject, AppPlatformResource } from '../grafana/app-platform-client.js';
import type { FolderDefinition, Live, Marker, Resource } from '../model/index.js';
import { annotationMarker, eitherMarker, uiLockOf, FOLDER_ANNOTATION, foreignManager, managedReadOnly, stampedAnnotations, withoutManager } from './app-platform-marker.js';
import type { HandlerContext, KindAppPlatform, Listed } from './kind-handler.js';

/**
 * Folders through `folder.grafana.app` (docs/app-platform.md): spec `{title, description}`, the parent in the
 * `grafana.app/folder` annotation. Unlike the classic folder DTO, the object returns the description, so the marker
 * (in the description as on the classic path, and in the manager annotations) is read back: on this path ownership
 * is known, and an owned folder holding nothing foreign can be pruned.
 */
export const folderAppPlatform: KindAppPlatform = {
  group: 'folder.grafana.app',
  resource: 'folders',
  objectKind: 'Folder',
  // 13.x serves v1 (and v1beta1 as an alias), 12.x v1beta1 only (pkg/registry/apis/folders/register.go).
  versions: ['v1', 'v1beta1'],
  permissions: { read: 'folders:read', create: 'folders:create', write: 'folders:write', delete: 'folders:delete' },
};

export interface FolderMapping {
  markerOf(description: unknown): Marker | undefined;
  description(marker: Marker): string;
  subject(spec: FolderDefinition): string;
}

export function folderLive(object: AppObject, mapping: FolderMapping): Live<FolderDefinition> {
  const name = object.metadata.name;
  const spec = (object.spec ?? {}) as { title?: unknown; description?: unknown };
  const annotations = object.metadata.annotations;
  const parent = annotations?.[FOLDER_ANNOTATION];
  const title = typeof spec.title === 'string' ? spec.title : name;
  const found = eitherMarker(mapping.markerOf(spec.description), annotationMarker(annotations, name));
  const uiLock = uiLockOf(annotations, found?.owner);
  return {
    kind: 'folder',
    key: name,
    title,
    spec: { uid: name, title, ...(parent ? { parentUid: parent } : {}) },
    marker: found,
    ownershipUnknown: false,
    ...(typeof object.metadata.generation === 'number' ? { version: object.metadata.generation } : {}),
    readOnly: managedReadOnly(annotations),
    ...(uiLock ? { uiLock } : {}),
    object: { resourceVersion: object.metadata.resourceVersion, labels: object.metadata.labels, annotations },
  };
}

/** Every folder, page by page, whole: folders are few, and their marker is what prune and plan need. */
export async function listFolders(ctx: HandlerContext, resource: AppPlatformResource, mapping: FolderMapping): Promise<Listed<FolderDefinition>[]> {
  const out: Listed<FolderDefinition>[] = [];
  for await (const page of resource.pages(ctx.signal)) {
    for (const object of page) {
      const live = folderLive(object, mapping);
      out.push({ key: live.key, title: live.title, ...(live.marker ? { marker: live.marker } : {}), live });
    }
  }
  return out;
}

export async function readFolder(ctx: HandlerContext, resource: AppPlatformResource, key: string, mapping: FolderMapping): Promise<Live<FolderDefinition> | undefined> {
  const object = await resource.get(key, `folder ${key}`, ctx.signal);
  return object ? folderLive(object, mapping) : undefined;
}

/** Create, or update (title, description, parent: one PUT carrying the resourceVersion read). */
export async function saveFolder(ctx: HandlerContext, resource: AppPlatformResource, desired: Resource<FolderDefinition>, marker: Marker, mapping: FolderMapping, live?: Live<FolderDefinition>): Promise<void> {
  const spec = desired.spec;
  const subject = mapping.subject(spec);
  let resourceVersion = live?.object?.resourceVersion;
  if (live && foreignManager(live.object?.annotations, marker.owner)) {
    // Grafana refuses to change a manager's kind or id in one write (apistore/managed.go): release it first.
    const current = await resource.get(spec.uid, subject, ctx.signal);
    if (current) {
      const released = await resource.update({ metadata: { ...current.metadata, annotations: withoutManager(current.metadata.annotations) }, spec: current.spec }, subject, ctx.signal);
      resourceVersion = released.metadata?.resourceVersion;
    }
  }
  const annotations = stampedAnnotations(live?.object?.annotations, marker, spec.uid, {
    editable: ctx.editableDashboards === true, ...(spec.parentUid ? { folder: spec.parentUid } : {}), message: `k2-grafana ${marker.owner} ${marker.hash ?? ''}`.trim(),
  });
  const object = {
    metadata: { name: spec.uid, annotations, ...(live?.object?.labels ? { labels: live.object.labels } : {}), ...(resourceVersion ? { resourceVersion } : {}) },
    spec: { title: spec.title, description: mapping.description(marker) },
  };
  if (live) await resource.update(object, subject, ctx.signal);
  else await resource.create(object, subject, ctx.signal);
}
