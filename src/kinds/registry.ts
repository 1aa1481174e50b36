import { K2GrafanaError } from '../errors.js';
import type { Kind } from '../model/index.js';
import { contactPoint } from './contact-point.js';
import { dashboard } from './dashboard.js';
import { datasource } from './datasource.js';
import { folder } from './folder.js';
import type { KindHandler } from './kind-handler.js';
import { libraryPanel } from './library-panel.js';
import { muteTiming } from './mute-timing.js';
import { notificationTemplate } from './notification-template.js';
import { policy } from './policy.js';
import { ruleGroup } from './rule-group.js';

/**
 * Every kind handler, in registry order (the order reports list kinds in). The engine (plan/, apply/, render/,
 * review/) reaches kinds only through this, and takes one as an option wherever it uses it.
 */
export interface Registry {
  readonly handlers: ReadonlyMap<Kind, KindHandler<any>>;
  /** Dependency level per kind: 0 for kinds that depend on nothing, else 1 + the deepest dependency. */
  readonly levels: ReadonlyMap<Kind, number>;
}

/**
 * A registry that cannot work: two kinds claim one name, definitions field or file section, a dependency cycle, or
 * an object of a kind no handler is registered for. Exit 1, as other invalid input: a project's own kinds are input.
 */
export class RegistryError extends K2GrafanaError {
  constructor(message: string) {
    super('invalid-definitions', message, 'Give each kind its own name, definitions field and file section, and register every kind the project uses (extendRegistry).');
  }
}

export function handlerFor(registry: Registry, kind: Kind): KindHandler<any> {
  const handler = registry.handlers.get(kind);
  if (!handler) throw new RegistryError(`no handler registered for kind ${kind}`);
  return handler;
}

/** Each value may be claimed by one kind only. */
function claim(claims: Map<string, Kind>, what: string, value: string, kind: Kind): void {
  const other = claims.get(value);
  if (other !== undefined) throw new RegistryError(`kinds "${other}" and "${kind}" both claim the ${what} "${value}"; each ${what} belongs to one kind`);
  claims.set(value, kind);
}

/**
 * Builds a registry: checks that kind names, definitions fields and file sections are each claimed once, and
 * derives apply order from each handler's `dependsOn`; a cycle is an error too.
 */
export function createRegistry(list: readonly KindHandler<any>[]): Registry {
  const names = new Map<string, Kind>();
  const fields = new Map<string, Kind>();
  const sections = new Map<string, Kind>();
  for (const h of list) {
    claim(names, 'kind name', h.kind, h.kind);
    claim(fields, 'definitions field', h.definitions.field, h.kind);
    if (h.files) claim(sections, 'file section', h.files.section, h.kind);
  }
  const handlers = new Map<Kind, KindHandler<any>>(list.map((h) => [h.kind, h]));
  const levels = new Map<Kind, number>();
  const visiting = new Set<Kind>();
  const levelOf = (kind: Kind): number => {
    const known = levels.get(kind);
    if (known !== undefined) return known;
    if (visiting.has(kind)) throw new RegistryError(`kind dependency cycle through ${kind}`);
    visiting.add(kind);
    const deps = handlers.get(kind)?.dependsOn.filter((d) => handlers.has(d)) ?? [];
    const level = deps.length === 0 ? 0 : 1 + Math.max(...deps.map(levelOf));
    visiting.delete(kind);
    levels.set(kind, level);
    return level;
  };
  for (const kind of handlers.keys()) levelOf(kind);
  return { handlers, levels };
}

/** The registry plus more kinds (a project's own), e.g. `extendRegistry(defaultRegistry, [muteTiming])`. */
export function extendRegistry(base: Registry, more: readonly KindHandler<any>[]): Registry {
  return createRegistry([...base.handlers.values(), ...more]);
}

/** The kinds k2-grafana ships, one line each, in the order reports list them. */
export const builtInKinds = [dashboard, libraryPanel, ruleGroup, contactPoint, policy, muteTiming, notificationTemplate, datasource, folder] as const;

/** The names of the built-in kinds: `Kind` (src/model) is these, or a project's own. */
export type BuiltInKind = (typeof builtInKinds)[number]['kind'];

export const defaultRegistry: Registry = createRegistry(builtInKinds);
