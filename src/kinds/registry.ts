import type { Kind } from '../model/index.js';
import { contactPoint } from './contact-point.js';
import { dashboard } from './dashboard.js';
import { datasource } from './datasource.js';
import { folder } from './folder.js';
import type { KindHandler } from './kind-handler.js';
import { policy } from './policy.js';
import { ruleGroup } from './rule-group.js';

/** Every kind handler, keyed by kind. The engine (plan/, apply/) reaches kinds only through this. */
export interface Registry {
  readonly handlers: ReadonlyMap<Kind, KindHandler<any>>;
  /** Dependency level per kind: 0 for kinds that depend on nothing, else 1 + the deepest dependency. */
  readonly levels: ReadonlyMap<Kind, number>;
}

export function handlerFor(registry: Registry, kind: Kind): KindHandler<any> {
  const handler = registry.handlers.get(kind);
  if (!handler) throw new Error(`no handler registered for kind ${kind}`);
  return handler;
}

/** Builds a registry and derives apply order from each handler's `dependsOn`; a cycle is a programming error. */
export function createRegistry(list: readonly KindHandler<any>[]): Registry {
  const handlers = new Map<Kind, KindHandler<any>>(list.map((h) => [h.kind, h]));
  const levels = new Map<Kind, number>();
  const visiting = new Set<Kind>();
  const levelOf = (kind: Kind): number => {
    const known = levels.get(kind);
    if (known !== undefined) return known;
    if (visiting.has(kind)) throw new Error(`kind dependency cycle through ${kind}`);
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

/** The six kinds k2-grafana manages. */
export const defaultRegistry: Registry = createRegistry([folder, datasource, contactPoint, dashboard, ruleGroup, policy]);
