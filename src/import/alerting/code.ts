import * as alertingSdk from '@grafana/grafana-foundation-sdk/alerting';
import * as exprSdk from '@grafana/grafana-foundation-sdk/expr';
import * as prometheusSdk from '@grafana/grafana-foundation-sdk/prometheus';
import type { JsonObject, JsonValue } from '../../model/index.js';
import { jsonEqual } from '../../normalise/index.js';
import type { RawPart } from '../import-result.js';
import { fits, type Arg, type BuilderClass, type Method } from './builder-table.js';

/** A string literal that reads well: a template literal for multi-line text, else a quoted string. */
export function textLiteral(text: string): string {
  if (!text.includes('\n')) return JSON.stringify(text);
  return `\`${text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${')}\``;
}

/** A literal in generated code: JSON, with multi-line strings as template literals (prettier formats the rest). */
export function lit(value: unknown): string {
  if (typeof value === 'string') return textLiteral(value);
  if (Array.isArray(value)) return `[${value.map(lit).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => `${JSON.stringify(k)}: ${lit(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

/** The imports and raw parts one generated module collects while its code is written. */
export class ModuleCode {
  private readonly imports = new Map<string, Set<string>>();
  readonly raw: RawPart[] = [];

  use(module: string, name: string): string {
    const names = this.imports.get(module) ?? new Set<string>();
    names.add(name);
    this.imports.set(module, names);
    return name;
  }

  /** A type-only import (`import { type X }`). */
  useType(module: string, name: string): string {
    this.use(module, `type ${name}`);
    return name;
  }

  /** The escape hatch for a whole object: `raw<Type>({...})`, counted; `type` names what the builder method takes. */
  rawObject(definitions: string, value: JsonObject, path: string, reason: string, type?: { module: string; name: string }): string {
    this.raw.push({ path, reason });
    const typeArgument = type ? `<${this.useType(type.module, type.name)}>` : '';
    return `${this.use(definitions, 'raw')}${typeArgument}(${lit(value)})`;
  }

  /** The escape hatch for the keys a builder has no method for: `withRaw(builder, {...})`, counted. */
  withFields(definitions: string, builder: string, fields: JsonObject, path: string, reason: string): string {
    if (Object.keys(fields).length === 0) return builder;
    this.raw.push({ path, reason: `${reason}: ${Object.keys(fields).sort().join(', ')}` });
    return `${this.use(definitions, 'withRaw')}(${builder}, ${lit(fields)})`;
  }

  /** Import lines, modules and names sorted (deterministic, and as a formatter would order them), for the module at `file`. */
  importLines(file: string): string {
    return [...this.imports.entries()]
      .map(([module, names]) => [moduleSpecifier(module, file), names] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([module, names]) => `import { ${[...names].sort((a, b) => bare(a).localeCompare(bare(b))).join(', ')} } from '${module}';`)
      .join('\n');
  }
}

const bare = (name: string): string => name.replace(/^type /, '');

/**
 * The specifier a module at `file` imports `module` by: a package specifier as it is, or a path from the project root
 * (`/src/definitions/entry.ts`, as this package's own repository imports its source) as a relative `.js` import.
 */
export function moduleSpecifier(module: string, file: string): string {
  if (!module.startsWith('/')) return module;
  const from = file.split('/').slice(0, -1);
  const to = module.slice(1).split('/');
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common += 1;
  const rest = to.slice(common).join('/').replace(/\.ts$/, '.js');
  const up = from.length - common;
  return up === 0 ? `./${rest}` : `${'../'.repeat(up)}${rest}`;
}

function argCode(code: ModuleCode, arg: Arg, value: unknown): string {
  if (typeof arg === 'object' && 'enumOf' in arg) return `${code.use(arg.enumOf.module, arg.enumOf.name)}.${arg.enumOf.members[value as string]}`;
  return lit(value);
}

/**
 * `.method(value)` calls for the keys of `value` the builder has a method for whose parameter accepts the value, in
 * the table's order; returns the calls and the keys left over (to go through the escape hatch).
 */
export function methodCalls(code: ModuleCode, builder: BuilderClass, value: JsonObject, skip: readonly string[] = []): { calls: string; rest: JsonObject } {
  const done = new Set(skip);
  let calls = '';
  for (const m of builder.methods) {
    if (done.has(m.key) || value[m.key] === undefined) continue;
    if (!fits(m.arg, value[m.key])) continue;
    calls += `.${m.method}(${argCode(code, m.arg, value[m.key])})`;
    done.add(m.key);
  }
  const rest: JsonObject = {};
  for (const [key, item] of Object.entries(value)) if (!done.has(key)) rest[key] = item;
  return { calls, rest };
}

const SDK_CLASSES: Readonly<Record<string, Record<string, unknown>>> = {
  '@grafana/grafana-foundation-sdk/alerting': alertingSdk as unknown as Record<string, unknown>,
  '@grafana/grafana-foundation-sdk/expr': exprSdk as unknown as Record<string, unknown>,
  '@grafana/grafana-foundation-sdk/prometheus': prometheusSdk as unknown as Record<string, unknown>,
};

type AnyBuilder = Record<string, (arg?: unknown) => AnyBuilder> & { build(): unknown };

/** Runs the same calls on the real builder (enum members are their string values at run time). */
function runCalls(builder: BuilderClass, methods: readonly Method[], value: JsonObject, flags: readonly string[]): JsonValue {
  const Class = SDK_CLASSES[builder.module]?.[builder.name] as (new () => AnyBuilder) | undefined;
  if (!Class) throw new Error(`no SDK class ${builder.name} in ${builder.module}`);
  const instance = new Class();
  for (const m of methods) instance[m.method]!(value[m.key]);
  for (const flag of flags) instance[flag]!();
  return JSON.parse(JSON.stringify(instance.build())) as JsonValue;
}

/**
 * A query model written with a model builder when every key has a method that accepts it and the builder, run here,
 * builds exactly the same JSON (no default it adds, nothing it drops); undefined otherwise.
 */
export function verifiedModelCode(
  code: ModuleCode, builder: BuilderClass, model: JsonObject,
  flagsFor?: (model: JsonObject) => { flags: string[]; keys: string[] } | undefined,
  /** Keys the builder's constructor sets (an expression builder's `type`). */
  fixed: readonly string[] = [],
): string | undefined {
  const flagged = flagsFor?.(model);
  if (flagsFor && flagged === undefined) return undefined;
  const skip = [...(flagged?.keys ?? []), ...fixed];
  const usable = builder.methods.filter((m) => !skip.includes(m.key) && model[m.key] !== undefined && fits(m.arg, model[m.key]));
  const covered = new Set([...usable.map((m) => m.key), ...skip]);
  if (Object.keys(model).some((k) => !covered.has(k))) return undefined;
  const built = runCalls(builder, usable, model, flagged?.flags ?? []);
  if (!jsonEqual(built, model)) return undefined;
  const { calls } = methodCalls(code, builder, model, skip);
  return `new ${code.use(builder.module, builder.name)}()${calls}${(flagged?.flags ?? []).map((f) => `.${f}()`).join('')}`;
}

/** `instant`/`range` as the Prometheus builder's flag methods: both must be present and form one of its three pairs. */
export function prometheusFlags(model: JsonObject): { flags: string[]; keys: string[] } | undefined {
  const { instant, range } = model;
  if (instant === undefined && range === undefined) return { flags: [], keys: [] };
  if (instant === true && range === false) return { flags: ['instant'], keys: ['instant', 'range'] };
  if (instant === false && range === true) return { flags: ['range'], keys: ['instant', 'range'] };
  if (instant === true && range === true) return { flags: ['rangeAndInstant'], keys: ['instant', 'range'] };
  return undefined;
}
