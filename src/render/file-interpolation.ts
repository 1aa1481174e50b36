import type { JsonValue } from '../model/index.js';

/**
 * Grafana's environment-variable expansion of provisioning files, and how a file keeps a literal `$` through it.
 *
 * Grafana reads some fields of its provisioning YAML through the `values` types
 * (grafana/grafana pkg/services/provisioning/values/values.go, commit 03d9862a11fa9db1790da9ae5bc3577700e7fe61):
 * `StringValue`, `StringMapValue`, `JSONValue` (every string inside, recursively), `JSONSliceValue`, `IntValue`,
 * `BoolValue` call `interpolateValue`, which splits the text on `$$`, expands each part (`setting.ExpandVar` for
 * `$__env{}`/`$__file{}`, then `os.ExpandEnv` for `$NAME`/`${NAME}`, an unset name giving "") and joins the parts
 * with `$`. So in those fields `$$` is a literal `$`, and any other `$` starts a variable reference.
 * Fields read as plain Go strings, or through a values type's `.Raw` (a rule's annotations and query model), are
 * taken as written: there `$$` stays two characters. Which field is which, per file kind, is in docs/provisioning.md
 * ("Environment variables in provisioning files") and at each kind's `files.render`.
 */

/** The text to write in an interpolated field so that Grafana reads back exactly `text`. */
export function escapeInterpolated(text: string): string {
  // A function, not a replacement string: there `$$` would itself mean one `$`.
  return text.replaceAll('$', () => '$$');
}

/**
 * The inverse of escapeInterpolated, for a file read back: each `$$` is one `$`. A `$` not doubled is an environment
 * reference Grafana would expand (`$VAR`, `${VAR}`, `$__env{VAR}`); it is kept as written, which is the `$VAR`
 * reference form the kinds model secrets with, so a reference survives a render and parse unchanged.
 */
export function unescapeInterpolated(text: string): string {
  return text.split('$$').join('$');
}

/** Decides, for one string of a JSON value, whether to leave it as written (a declared `$VAR` reference). */
export type KeepVerbatim = (path: readonly (string | number)[], text: string) => boolean;

function mapStrings(value: JsonValue, map: (text: string, path: readonly (string | number)[]) => string, path: (string | number)[] = []): JsonValue {
  if (typeof value === 'string') return map(value, path);
  if (Array.isArray(value)) return value.map((item, i) => mapStrings(item, map, [...path, i]));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item as JsonValue, map, [...path, key])]));
  }
  return value;
}

/** Every string in `value` escaped (Grafana's `JSONValue`/`StringMapValue` fields), except those `keep` names. */
export function escapeStrings<T extends JsonValue>(value: T, keep?: KeepVerbatim): T {
  return mapStrings(value, (text, path) => (keep?.(path, text) ? text : escapeInterpolated(text))) as T;
}

/** Every string in `value` unescaped: the reverse of escapeStrings (references were never escaped, so stay). */
export function unescapeStrings<T extends JsonValue>(value: T): T {
  return mapStrings(value, unescapeInterpolated) as T;
}
