import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type { JsonObject, JsonValue } from '../model/definitions.js';

/**
 * Fields no builder method expresses, written as they are: objects merge into what the builder built (key by key,
 * recursively), anything else (strings, numbers, arrays) replaces the built value. The keys of `T` are suggested;
 * values are plain JSON, because what an import keeps (a legacy `graph` panel's `yaxes`, a string datasource) need not
 * fit the SDK's types.
 */
export type RawFields<T> = { readonly [K in keyof T & string]?: JsonValue } & { readonly [key: string]: JsonValue };

export interface RawOptions {
  /** Dot paths of fields the builder sets that the original lacks (a builder default), removed before `fields` merge. */
  readonly drop?: readonly string[];
}

/**
 * The one escape hatch of imported definitions: `withRaw(builder, fields, { drop })` builds with `builder`, removes
 * the `drop` paths and merges `fields` in; `raw(fields)` is the same with nothing built first (an object no builder
 * makes, such as a query of a datasource the SDK has no builder for). Review sees every raw part in the code, and
 * `k2-grafana import` counts them in its report.
 */
export function withRaw<T>(builder: cog.Builder<T>, fields: RawFields<T>, options: RawOptions = {}): cog.Builder<T> {
  return {
    build(): T {
      const built = builder.build() as unknown as Record<string, unknown>;
      for (const path of options.drop ?? []) dropPath(built, path.split('.'));
      mergeInto(built, fields as JsonObject);
      return built as unknown as T;
    },
  };
}

/** An object written entirely as it is (see withRaw). */
export function raw<T>(fields: RawFields<T>): cog.Builder<T> {
  return { build: () => structuredClone(fields) as unknown as T };
}

function dropPath(target: Record<string, unknown>, path: readonly string[]): void {
  let at: unknown = target;
  for (const key of path.slice(0, -1)) {
    if (!isPlainObject(at)) return;
    at = at[key];
  }
  if (isPlainObject(at)) delete at[path[path.length - 1]!];
}

function mergeInto(target: Record<string, unknown>, fields: JsonObject): void {
  for (const [key, value] of Object.entries(fields)) {
    const current = target[key];
    if (isPlainObject(value) && isPlainObject(current)) mergeInto(current, value as JsonObject);
    else target[key] = structuredClone(value);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
