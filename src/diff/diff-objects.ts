import { normaliseObject, type ObjectKind } from '../normalise/index.js';
import { describeLeaf, type Change, type ChangeObject } from './change.js';
import { diffDashboards } from './diff-dashboards.js';
import { diffRuleGroups } from './diff-rule-groups.js';
import { leafDiff } from './leaf-diff.js';

export interface DiffObjectsOptions {
  /** Object key for the changes; default: the object's uid, else its name or title. */
  readonly key?: string;
  readonly title?: string;
}

/**
 * Typed changes between two objects of `kind` (either side may be undefined: added / removed). Dashboards and rule
 * groups get their semantic diff; other kinds one `field-changed` per differing leaf of their normalised form.
 */
export function diffObjects(kind: ObjectKind, before: unknown, after: unknown, options: DiffObjectsOptions = {}): Change[] {
  if (kind === 'dashboard') return diffDashboards(before, after, options);
  if (kind === 'rule-group') return diffRuleGroups(before, after, options);
  const b = before === undefined ? undefined : normaliseObject(kind, before);
  const a = after === undefined ? undefined : normaliseObject(kind, after);
  const either = a ?? b;
  if (!either) return [];
  const key = options.key ?? String(either.uid ?? either.name ?? either.title ?? '');
  const title = options.title ?? (typeof (either.title ?? either.name) === 'string' ? String(either.title ?? either.name) : undefined);
  const object: ChangeObject = { kind, key, ...(title !== undefined ? { title } : {}) };
  if (!b) return [{ kind: 'object-added', object, path: '', after: a, summary: `${kind} "${title ?? key}" added` }];
  if (!a) return [{ kind: 'object-removed', object, path: '', before: b, summary: `${kind} "${title ?? key}" removed` }];
  return leafDiff(b, a).map((leaf) => ({
    kind: 'field-changed' as const, object, path: leaf.path, before: leaf.before, after: leaf.after,
    summary: describeLeaf(leaf.path, leaf.before, leaf.after),
  }));
}
