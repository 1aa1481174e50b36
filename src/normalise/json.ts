import type { JsonObject, JsonValue } from '../model/index.js';

const NON_ASCII = /[^\u0000-\u007f]/;

/** Plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A deep copy with object keys sorted and every string NFC-normalised: the canonical form every normaliser
 * starts from. `\u2013` and `–` are already the same string once JSON is parsed; NFC also makes `é` typed as
 * `e` + combining accent equal to the precomposed `é`, so text that differs only in encoding compares equal.
 * `undefined` members are dropped, as JSON.stringify would.
 */
export function canonicalJson<T extends JsonValue>(value: T): T;
export function canonicalJson(value: unknown): JsonValue;
export function canonicalJson(value: unknown): JsonValue {
  // Pure ASCII is already NFC; skipping normalize() there keeps big dashboards fast.
  if (typeof value === 'string') return NON_ASCII.test(value) ? value.normalize('NFC') : value;
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : canonicalJson(item)));
  if (isJsonObject(value)) {
    const out: JsonObject = {};
    for (const key of Object.keys(value).sort()) {
      const member = value[key];
      if (member === undefined) continue;
      out[NON_ASCII.test(key) ? key.normalize('NFC') : key] = canonicalJson(member);
    }
    return out;
  }
  // Dates, functions and the like never come out of JSON.parse or YAML.parse of our artifacts.
  return null;
}

/**
 * The same value with object keys sorted at every depth, reusing (not copying) every part that is already sorted.
 * For values built from canonicalJson output and edited in a few places: cheaper than a second full copy.
 */
export function resortKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) {
    let changed = false;
    const items = value.map((item) => {
      const next = resortKeys(item);
      if (next !== item) changed = true;
      return next;
    });
    return changed ? items : value;
  }
  if (!isJsonObject(value)) return value;
  const keys = Object.keys(value);
  let sorted = true;
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) sorted = false;
  let changed = !sorted;
  const members: Array<[string, JsonValue]> = [];
  for (const key of sorted ? keys : [...keys].sort()) {
    const member = value[key];
    if (member === undefined) {
      changed = true;
      continue;
    }
    const next = resortKeys(member);
    if (next !== member) changed = true;
    members.push([key, next]);
  }
  if (!changed) return value;
  const out: JsonObject = {};
  for (const [key, member] of members) out[key] = member;
  return out;
}

/** JSON text with sorted keys: equal values give byte-identical text (compact, or indented when `indent` is set). */
export function stableStringify(value: unknown, indent?: number): string {
  return JSON.stringify(canonicalJson(value), null, indent);
}

/** Structural equality of two JSON values, independent of key order. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    return a.every((item, index) => jsonEqual(item, b[index]));
  }
  const ao = a as JsonObject;
  const bo = b as JsonObject;
  const aKeys = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bKeys = Object.keys(bo).filter((k) => bo[k] !== undefined);
  if (aKeys.length !== bKeys.length) return false;
  return aKeys.every((key) => Object.prototype.hasOwnProperty.call(bo, key) && jsonEqual(ao[key], bo[key]));
}

/** A copy of `object` without the listed keys (never mutates). */
export function omitKeys(object: JsonObject, keys: Iterable<string>): JsonObject {
  const drop = new Set(keys);
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(object)) if (!drop.has(key)) out[key] = value;
  return out;
}

/**
 * A copy of `object` without members whose value equals the given default (deep equality). Used for defaults
 * Grafana fills in on load or save, so "absent" and "set to the default" compare equal.
 */
export function stripDefaults(object: JsonObject, defaults: Readonly<Record<string, JsonValue>>): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(object)) {
    if (Object.prototype.hasOwnProperty.call(defaults, key) && jsonEqual(value, defaults[key])) continue;
    out[key] = value;
  }
  return out;
}

/** True for `{}` and `[]`. */
export function isEmptyContainer(value: JsonValue | undefined): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return isJsonObject(value) && Object.keys(value).length === 0;
}
