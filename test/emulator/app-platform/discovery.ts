/**
 * Which app-platform groups and versions a Grafana serves, by version (docs/app-platform.md §2, §6):
 * - dashboard.grafana.app: pkg/registry/apis/dashboard/register.go `DashboardsAPIBuilder.GetGroupVersions` (11.x: v0alpha1,
 *   v1alpha1, v2alpha1; 12.x: v1beta1, v0alpha1, v2beta1, v2alpha1; newest main, register_test.go "should return v1 by
 *   default": v1, v1beta1, v0alpha1, v2, v2beta1, v2alpha1). The first is the preferred version (SetVersionPriority).
 * - folder.grafana.app: pkg/registry/apis/folders/register.go (12.x `GetGroupVersion` = v1beta1; newest `GetGroupVersions`
 *   = v1, v1beta1); 11.x registers it only with the kubernetesFolders toggle (off by default: UNVERIFIED).
 * - notifications.alerting.grafana.app `routingtrees`: pkg/registry/apis/alerting/notifications/register.go, behind
 *   `alertingApiServer` (on in 12.x's default toggles; 11.x default UNVERIFIED, not served here); v0alpha1 in 12.x,
 *   v1beta1 in newest main (whether v0alpha1 is still served there: UNVERIFIED, listed).
 * Bodies: k8s.io/apiserver discovery (APIGroupList / APIGroup / APIResourceList), plain-JSON form.
 */
import { versionAtLeast, type EmulatorVersion } from '../context.js';

export const DASHBOARD_GROUP = 'dashboard.grafana.app';
export const FOLDER_GROUP = 'folder.grafana.app';
export const NOTIFICATIONS_GROUP = 'notifications.alerting.grafana.app';

/** Versions whose dashboard spec is the v1 dashboard JSON (common.Unstructured): the ones the emulator serves. */
export const V1_SPEC_DASHBOARD_VERSIONS = new Set(['v0alpha1', 'v1alpha1', 'v1beta1', 'v1']);

export interface ServedResource {
  readonly name: string;
  readonly singularName: string;
  readonly kind: string;
}

export interface ServedGroup {
  readonly name: string;
  /** Priority order; the first is preferred. */
  readonly versions: readonly string[];
  readonly resources: readonly ServedResource[];
}

const dashboards: ServedResource = { name: 'dashboards', singularName: 'dashboard', kind: 'Dashboard' };
const folders: ServedResource = { name: 'folders', singularName: 'folder', kind: 'Folder' };
const routingTrees: ServedResource = { name: 'routingtrees', singularName: 'routingtree', kind: 'RoutingTree' };

export function servedGroups(version: EmulatorVersion, enabled: boolean): ServedGroup[] {
  if (!enabled) return [];
  if (!versionAtLeast(version, '12.3')) {
    return [{ name: DASHBOARD_GROUP, versions: ['v0alpha1', 'v1alpha1', 'v2alpha1'], resources: [dashboards] }];
  }
  const v13 = versionAtLeast(version, '13.1');
  return [
    { name: DASHBOARD_GROUP, versions: v13 ? ['v1', 'v1beta1', 'v0alpha1', 'v2', 'v2beta1', 'v2alpha1'] : ['v1beta1', 'v0alpha1', 'v2beta1', 'v2alpha1'], resources: [dashboards] },
    { name: FOLDER_GROUP, versions: v13 ? ['v1', 'v1beta1'] : ['v1beta1'], resources: [folders] },
    { name: NOTIFICATIONS_GROUP, versions: v13 ? ['v1beta1', 'v0alpha1'] : ['v0alpha1'], resources: [routingTrees] },
  ];
}

const groupVersion = (group: string, version: string) => ({ groupVersion: `${group}/${version}`, version });

function groupBody(g: ServedGroup): Record<string, unknown> {
  return { name: g.name, versions: g.versions.map((v) => groupVersion(g.name, v)), preferredVersion: groupVersion(g.name, g.versions[0]) };
}

/** `GET /apis`. */
export const apiGroupList = (groups: readonly ServedGroup[]): Record<string, unknown> => ({ kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map(groupBody) });

/** `GET /apis/<group>`. */
export const apiGroup = (g: ServedGroup): Record<string, unknown> => ({ kind: 'APIGroup', apiVersion: 'v1', ...groupBody(g) });

/** `GET /apis/<group>/<version>`. */
export const apiResourceList = (g: ServedGroup, version: string): Record<string, unknown> => ({
  kind: 'APIResourceList',
  apiVersion: 'v1',
  groupVersion: `${g.name}/${version}`,
  resources: g.resources.map((r) => ({
    name: r.name, singularName: r.singularName, namespaced: true, kind: r.kind,
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  })),
});
