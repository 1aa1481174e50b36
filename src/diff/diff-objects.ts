import type { JsonObject } from '../model/index.js';
import { describeLeaf, type Change, type ChangeObject } from './change.js';
import { leafDiff } from './leaf-diff.js';

export interface DiffObjectsOptions {
  readonly key: string;
  readonly title?: string;
}

/**
 * Typed changes between two forms of one object, already normalised by its kind (either side undefined: added /
 * removed): one `field-changed` per differing leaf. The kinds without a semantic diff of their own use it.
 */
export function diffObjects(kind: string, before: JsonObject | undefined, after: JsonObject | undefined, options: DiffObjectsOptions): Change[] {
  const object: ChangeObject = { kind, key: options.key, ...(options.title !== undefined ? { title: options.title } : {}) };
  const name = options.title ?? options.key;
  if (!before && !after) return [];
  if (!before) return [{ kind: 'object-added', object, path: '', after, summary: `${kind} "${name}" added` }];
  if (!after) return [{ kind: 'object-removed', object, path: '', before, summary: `${kind} "${name}" removed` }];
  return leafDiff(before, after).map((leaf) => ({
    kind: 'field-changed' as const, object, path: leaf.path, before: leaf.before, after: leaf.after,
    summary: describeLeaf(leaf.path, leaf.before, leaf.after),
  }));
}
