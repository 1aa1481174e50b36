import type { ProjectDefinition, Resource, ResourceRef } from '../model/index.js';
import { InvalidDefinitionsError } from '../errors.js';
import { isJsonObject } from '../normalise/index.js';
import { missingSecrets, resolveSecrets, type ContactPointSpec } from '../kinds/contact-point.js';
import type { DashboardSpec } from '../kinds/dashboard.js';
import type { FolderSpec } from '../kinds/folder.js';
import type { DatasourceSpec } from '../kinds/datasource.js';
import { secretDigest } from '../kinds/marker.js';
import type { PolicySpec } from '../kinds/policy.js';
import type { RuleGroupSpec } from '../kinds/rule-group.js';

export interface DesiredOptions {
  /** Ownership marker value, from `ownerFor(project.name)`. */
  readonly owner: string;
  /**
   * Environment holding the secrets contact points refer to (`$VAR`): a missing one fails here, before Grafana is
   * contacted; only their digest (`withSecretDigests`) enters the plan.
   */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Leave alert rules editable in the UI (provenance none, `X-Disable-Provenance`). @default false */
  readonly editableRules?: boolean;
  /**
   * Fail when a secret variable is not set. A plan may run without the secrets (a pull-request job rarely has
   * them): their settings are then not compared. @default true
   */
  readonly requireSecrets?: boolean;
}

/**
 * The objects a project wants in Grafana, one Resource per object, in the API's shapes. The same definitions generate
 * the committed provisioning/ files; provision refuses to run when those are stale, so this is what was reviewed.
 */
export function desiredResources(project: ProjectDefinition, options: DesiredOptions): Resource[] {
  const out: Resource[] = [];
  for (const f of project.folders) {
    out.push({ kind: 'folder', key: f.uid, title: f.title, spec: { ...f } satisfies FolderSpec });
  }
  for (const ds of project.datasources) {
    out.push({ kind: 'datasource', key: ds.uid, title: ds.name, spec: { ...ds } satisfies DatasourceSpec });
  }
  for (const d of project.dashboards) {
    const spec: DashboardSpec = { dashboard: d.dashboard, folderUid: d.folderUid };
    out.push({ kind: 'dashboard', key: String(d.dashboard.uid ?? ''), title: String(d.dashboard.title ?? ''), source: d.source, spec });
  }
  for (const g of project.ruleGroups) {
    const group = g.group;
    const spec: RuleGroupSpec = {
      title: String(group.title ?? ''),
      folderUid: String(group.folderUid ?? ''),
      interval: typeof group.interval === 'number' || typeof group.interval === 'string' ? group.interval : 60,
      rules: Array.isArray(group.rules) ? group.rules.filter(isJsonObject) : [],
    };
    out.push({
      kind: 'rule-group', key: `${spec.folderUid}/${spec.title}`, title: spec.title, source: g.source, spec,
      provenance: options.editableRules ? '' : 'api',
    });
  }
  for (const c of project.contactPoints) {
    const spec: ContactPointSpec = { contactPoint: c.contactPoint, secretSettings: [...c.secretSettings] };
    const uid = String(c.contactPoint.uid ?? '');
    if (options.requireSecrets !== false) resolveSecrets(spec, options.env);
    out.push({ kind: 'contact-point', key: uid, title: String(c.contactPoint.name ?? uid), source: c.source, spec });
  }
  if (project.policies.length > 0) {
    const spec: PolicySpec = { owner: options.owner, routes: project.policies.map((p) => p.route) };
    out.push({ kind: 'policy', key: options.owner, title: 'notification policy route', source: project.policies[0].source, spec });
  }
  checkUnique(out);
  return out;
}

/**
 * The resources with the digest of the secrets each contact point refers to, resolved from `env`: plan compares it
 * with the digest stored in Grafana, since Grafana returns the secrets themselves redacted.
 */
export async function withSecretDigests(desired: readonly Resource[], env: Readonly<Record<string, string | undefined>>): Promise<Resource[]> {
  return Promise.all(
    desired.map(async (r) => {
      if (r.kind !== 'contact-point') return r;
      const missing = missingSecrets(r.spec as ContactPointSpec, env);
      if (missing.length > 0) return { ...r, unresolvedSecrets: missing };
      const secrets = resolveSecrets(r.spec as ContactPointSpec, env);
      return Object.keys(secrets).length === 0 ? r : { ...r, secretDigest: await secretDigest(r.key, secrets) };
    }),
  );
}

function checkUnique(resources: readonly Resource[]): void {
  const seen = new Map<string, Resource>();
  const issues: string[] = [];
  for (const r of resources) {
    const id = refId(r);
    if (r.key === '' || r.key.startsWith('/')) issues.push(`${r.source ?? r.kind} > ${r.kind} "${r.title}": has no uid`);
    const other = seen.get(id);
    if (other) issues.push(`${r.source ?? r.kind} > ${r.kind} "${r.title}": uid ${r.key} is also used by "${other.title}"${other.source ? ` (${other.source})` : ''}`);
    seen.set(id, r);
  }
  if (issues.length > 0) throw new InvalidDefinitionsError(`${issues.length} object(s) cannot be provisioned`, issues, 'Give every object its own uid in the definitions.');
}

/** `kind:key`, the identity of an object across plan and apply. */
export function refId(ref: ResourceRef): string {
  return `${ref.kind}:${ref.key}`;
}
