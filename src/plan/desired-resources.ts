import type { ProjectDefinition, Resource, ResourceRef } from '../model/index.js';
import { InvalidDefinitionsError } from '../errors.js';
import type { SpecOf } from '../kinds/kind-handler.js';
import { secretDigest } from '../kinds/marker.js';
import { checkProjectShape } from '../kinds/project-shape.js';
import { defaultRegistry, handlerFor, type Registry } from '../kinds/registry.js';

export interface DesiredOptions {
  /** Ownership marker value, from `ownerFor(project.name)`. */
  readonly owner: string;
  /**
   * Environment holding the secrets objects refer to (`$VAR`): a missing one fails here, before Grafana is
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
  readonly registry?: Registry;
}

/** A kind's spec as a Resource: the kind names its key and title. */
export function resourceOf(registry: Registry, kind: string, item: SpecOf<unknown>): Resource {
  const handler = handlerFor(registry, kind);
  return {
    kind, key: handler.key(item.spec), title: handler.title(item.spec), spec: item.spec,
    ...(item.source !== undefined ? { source: item.source } : {}), ...(item.provenance !== undefined ? { provenance: item.provenance } : {}),
  };
}

/**
 * The objects a project wants in Grafana, one Resource per object, in the API's shapes: each registered kind reads
 * its own field of the definitions. The same definitions generate the committed provisioning/ files; provision
 * refuses to run when those are stale, so this is what was reviewed. Bad shapes, fields no kind reads and keys used
 * twice within a kind are an InvalidDefinitionsError naming the object, before anything is sent.
 */
export function desiredResources(project: ProjectDefinition, options: DesiredOptions): Resource[] {
  const registry = options.registry ?? defaultRegistry;
  checkProjectShape(project, registry);
  const ctx = { owner: options.owner, editableRules: options.editableRules ?? false };
  const out: Resource[] = [];
  for (const handler of registry.handlers.values()) {
    const entries = (project[handler.definitions.field] as readonly unknown[] | undefined) ?? [];
    for (const item of handler.definitions.specs(entries, ctx)) {
      const resource = resourceOf(registry, handler.kind, item);
      if (handler.secrets && options.requireSecrets !== false) handler.secrets.resolve(resource.spec, options.env);
      out.push(resource);
    }
  }
  checkUnique(out, 'definitions');
  return out;
}

/**
 * The resources with the digest of the secrets each refers to, resolved from `env`: plan compares it with the digest
 * stored in Grafana, since Grafana returns the secrets themselves redacted.
 */
export async function withSecretDigests(desired: readonly Resource[], env: Readonly<Record<string, string | undefined>>, registry: Registry = defaultRegistry): Promise<Resource[]> {
  return Promise.all(
    desired.map(async (r) => {
      const secrets = handlerFor(registry, r.kind).secrets;
      if (!secrets) return r;
      const missing = secrets.missing(r.spec, env);
      if (missing.length > 0) return { ...r, unresolvedSecrets: missing };
      const values = secrets.resolve(r.spec, env);
      return Object.keys(values).length === 0 ? r : { ...r, secretDigest: await secretDigest(r.key, values) };
    }),
  );
}

/** Every object needs a key of its own within its kind; `where` names the side (definitions, or a provisioning file). */
export function checkUnique(resources: readonly Resource[], where: string): void {
  const seen = new Map<string, Resource>();
  const issues: string[] = [];
  for (const r of resources) {
    const id = refId(r);
    if (r.key === '' || r.key.startsWith('/')) issues.push(`${r.source ?? r.kind} > ${r.kind} "${r.title}": has no uid`);
    const other = seen.get(id);
    if (other) issues.push(`${r.source ?? r.kind} > ${r.kind} "${r.title}": key ${r.key} is also used by ${r.kind} "${other.title}"${other.source ? ` (${other.source})` : ''}`);
    seen.set(id, r);
  }
  if (issues.length > 0) throw new InvalidDefinitionsError(`${issues.length} object(s) of the ${where} cannot be provisioned`, issues, 'Give every object its own uid in the definitions.');
}

/** `kind:key`, the identity of an object across plan and apply. */
export function refId(ref: ResourceRef): string {
  return `${ref.kind}:${ref.key}`;
}
