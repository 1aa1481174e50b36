import type { GrafanaClient } from './grafana-client.js';
import { GrafanaApiError } from './grafana-errors.js';

/**
 * What `GET /apis` says the server serves: the Kubernetes-style APIGroupList of Grafana's app-platform apiserver
 * (`{kind: "APIGroupList", groups: [{name, versions: [{groupVersion, version}], preferredVersion}]}`, the k8s
 * discovery format Grafana's apiserver serves from k8s.io/apiserver `pkg/endpoints/discovery`; see
 * docs/app-platform.md). A Grafana without that apiserver (or one in front of which /apis is not routed) answers
 * 404: it serves none, and every kind goes through the classic API.
 */
export interface ServedApis {
  /** Group name -> the versions it serves, as listed (the server's order). */
  readonly groups: ReadonlyMap<string, readonly string[]>;
  /** `/apis` answered with a group list (false: 404, nothing served). */
  readonly answered: boolean;
}

interface ApiGroupList {
  readonly kind?: unknown;
  readonly groups?: readonly { readonly name?: unknown; readonly versions?: readonly { readonly version?: unknown }[] }[];
}

/** One `GET /apis` (callers memoise it per run). 404 means no app-platform API; other errors propagate. */
export async function discoverApis(client: GrafanaClient, signal?: AbortSignal): Promise<ServedApis> {
  let list: ApiGroupList | undefined;
  try {
    list = await client.get<ApiGroupList>('/apis', { ...(signal ? { signal } : {}) });
  } catch (error) {
    if (error instanceof GrafanaApiError && error.status === 404) return { groups: new Map(), answered: false };
    throw error;
  }
  const groups = new Map<string, string[]>();
  for (const group of Array.isArray(list?.groups) ? list.groups : []) {
    if (typeof group?.name !== 'string') continue;
    const listed: readonly { readonly version?: unknown }[] = Array.isArray(group.versions) ? group.versions : [];
    const versions = listed.map((v) => v?.version).filter((v): v is string => typeof v === 'string');
    groups.set(group.name, versions);
  }
  return { groups, answered: Array.isArray(list?.groups) };
}

/** The first of `acceptable` (preference order) the server serves for `group`; undefined when none. */
export function servedVersion(served: ServedApis, group: string, acceptable: readonly string[]): string | undefined {
  const versions = served.groups.get(group) ?? [];
  return acceptable.find((v) => versions.includes(v));
}

/**
 * The namespace of an org: `default` for org 1, `org-<id>` for the others (authlib `OrgNamespaceFormatter`, see
 * docs/app-platform.md). Grafana Cloud stacks use `stacks-<id>`, which the org id does not give: pass it explicitly.
 */
export function orgNamespace(orgId: number | undefined): string {
  return orgId === undefined || orgId === 1 ? 'default' : `org-${orgId}`;
}
