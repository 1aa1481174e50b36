import type { PlannedChange } from '../model/index.js';
import { handlerFor, type Registry } from '../kinds/registry.js';

/**
 * Apply order as wave numbers: creates and updates by kind level (from dependsOn), nested folders parents first;
 * then deletes in the reverse order (contents before their folder, policy route before its contact points).
 * Every change of one wave may run concurrently.
 */
export function assignWaves(changes: readonly Omit<PlannedChange, 'wave'>[], registry: Registry): PlannedChange[] {
  const depth = depthsOf(changes, registry);
  const maxLevel = Math.max(0, ...registry.levels.values());
  const maxDepth = Math.max(0, ...depth.values());
  const rank = (c: Omit<PlannedChange, 'wave'>): number => {
    const level = registry.levels.get(c.kind) ?? 0;
    const d = depth.get(`${c.kind}:${c.key}`) ?? 0;
    const width = maxDepth + 1;
    if (c.action !== 'delete') return level * width + d;
    return (maxLevel + 1) * width + (maxLevel - level) * width + (maxDepth - d);
  };
  const ranks = [...new Set(changes.map(rank))].sort((a, b) => a - b);
  return changes.map((c) => ({ ...c, wave: ranks.indexOf(rank(c)) }));
}

/** Same-kind nesting depth (folders: 0 at the root), from the desired parent, or the live one for deletes. */
function depthsOf(changes: readonly Omit<PlannedChange, 'wave'>[], registry: Registry): Map<string, number> {
  const parent = new Map<string, string | undefined>();
  for (const c of changes) {
    const handler = handlerFor(registry, c.kind);
    const spec = c.desired?.spec ?? c.live?.spec;
    parent.set(`${c.kind}:${c.key}`, handler.parentKey && spec ? handler.parentKey(spec) : undefined);
  }
  const out = new Map<string, number>();
  for (const c of changes) {
    let d = 0;
    const seen = new Set<string>();
    let cur = parent.get(`${c.kind}:${c.key}`);
    while (cur !== undefined && !seen.has(cur) && parent.has(`${c.kind}:${cur}`)) {
      seen.add(cur);
      d += 1;
      cur = parent.get(`${c.kind}:${cur}`);
    }
    out.set(`${c.kind}:${c.key}`, d);
  }
  return out;
}
