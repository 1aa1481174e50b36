import { create, type ArrayDelta } from 'jsondiffpatch';
import type { JsonObject, JsonValue } from '../model/index.js';
import { isJsonObject, jsonEqual, stableStringify } from '../normalise/index.js';

/** One differing value: a path into the objects and the value on each side (absent = undefined). */
export interface LeafChange {
  readonly path: string;
  /** Path segments, for callers that classify by key. */
  readonly segments: readonly string[];
  readonly before?: JsonValue;
  readonly after?: JsonValue;
}

/** Keys that identify items of an array of objects, in order of preference (`alert`/`record`: Prometheus rules). */
const IDENTITY_KEYS = ['refId', 'uid', 'name', 'id', 'alert', 'record'] as const;

// Unkeyed arrays of different lengths: jsondiffpatch's LCS on a content hash finds what was inserted or removed,
// so one added threshold step is one change instead of every later step shifting.
const contentDiffer = create({ objectHash: (item) => stableStringify(item), arrays: { detectMove: false } });

function identityKey(items: readonly JsonValue[]): string | undefined {
  if (items.length === 0 || !items.every(isJsonObject)) return undefined;
  for (const key of IDENTITY_KEYS) {
    const values = items.map((item) => (item as JsonObject)[key]);
    if (values.every((v) => typeof v === 'string' || typeof v === 'number') && new Set(values).size === values.length) return key;
  }
  return undefined;
}

function join(path: string, segment: string): string {
  if (segment.startsWith('[')) return `${path}${segment}`;
  return path === '' ? segment : `${path}.${segment}`;
}

function walk(before: JsonValue | undefined, after: JsonValue | undefined, path: string, segments: string[], out: LeafChange[], member = false): void {
  if (jsonEqual(before, after)) return;
  // An object member that appears or disappears as a whole (`fieldConfig` added) is reported leaf by leaf, so
  // "thresholds added" reads as such; array items (a query, a variable) stay whole.
  const spread = member && ((before === undefined && isJsonObject(after)) || (after === undefined && isJsonObject(before)));
  if ((isJsonObject(before) && isJsonObject(after)) || spread) {
    const b = (before ?? {}) as JsonObject;
    const a = (after ?? {}) as JsonObject;
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
    for (const key of keys) walk(b[key], a[key], join(path, key), [...segments, key], out, true);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const key = identityKey(before) !== undefined && identityKey(before) === identityKey(after) ? identityKey(before) : undefined;
    if (key !== undefined) {
      const index = (items: JsonValue[]) => new Map(items.map((item) => [String((item as JsonObject)[key]), item]));
      const b = index(before);
      const a = index(after);
      const ids = [...new Set([...b.keys(), ...a.keys()])];
      for (const id of ids) {
        const segment = `[${key}=${id}]`;
        walk(b.get(id), a.get(id), join(path, segment), [...segments, segment], out);
      }
      return;
    }
    if (before.length === after.length) {
      before.forEach((item, i) => walk(item, after[i], join(path, `[${i}]`), [...segments, `[${i}]`], out));
      return;
    }
    const delta = contentDiffer.diff(before, after) as ArrayDelta | undefined;
    if (delta && delta._t === 'a') {
      for (const [k, v] of Object.entries(delta)) {
        if (k === '_t' || !Array.isArray(v)) continue;
        if (k.startsWith('_') && v.length === 3 && v[2] === 0) {
          const segment = `[${k.slice(1)}]`;
          out.push({ path: join(path, segment), segments: [...segments, segment], before: v[0] as JsonValue });
        } else if (!k.startsWith('_') && v.length === 1) {
          const segment = `[${k}]`;
          out.push({ path: join(path, segment), segments: [...segments, segment], after: v[0] as JsonValue });
        }
      }
      return;
    }
  }
  out.push({ path, segments, before, after });
}

/**
 * Every differing leaf between two JSON values: objects by key, arrays of objects by their identity key (refId, uid,
 * name, id), other arrays by position (or by content when their lengths differ). `basePath` prefixes the paths.
 */
export function leafDiff(before: JsonValue | undefined, after: JsonValue | undefined, basePath = ''): LeafChange[] {
  const out: LeafChange[] = [];
  walk(before, after, basePath, basePath === '' ? [] : [basePath], out);
  return out;
}
