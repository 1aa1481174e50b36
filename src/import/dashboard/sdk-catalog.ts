import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * What the importer knows of the foundation SDK's builders, learnt from the installed SDK itself rather than written
 * down by hand (so a pinned upgrade cannot drift from a table): each builder's methods, the field each one sets (found
 * by calling it on a fresh builder with a marker value and seeing where the marker lands), and its parameter's type
 * (read from the builder's `.d.ts`, so generated calls typecheck).
 */

/** Parameter type as the `.d.ts` spells it, e.g. `string`, `common.GraphDrawStyle`, `cog.Builder<common.VizLegendOptions>`. */
export type ParamType = string;

export interface MethodInfo {
  readonly name: string;
  /** Field path the method sets, relative to the built object. */
  readonly path: readonly string[];
  /** Parameter type; undefined for a method without a parameter (then `effect` says what it sets). */
  readonly param?: ParamType;
  /** Zero-argument methods (`editable()`, `instant()`): the fields they set, and to what. */
  readonly effect?: readonly { readonly path: readonly string[]; readonly value: unknown }[];
}

export interface BuilderInfo {
  /** SDK module (`timeseries`, `dashboard`, ...) and exported class name. */
  readonly module: string;
  readonly className: string;
  /** Field the constructor's single argument sets (`title`, `name`, `refId`), if it takes one. */
  readonly ctorField?: string;
  /** What `new Class(...).build()` gives before any method is called (constructor argument ''). */
  readonly baseline: Record<string, unknown>;
  /** Methods with one parameter, by the field path they set (joined by '.'); the first of several wins. */
  readonly byPath: ReadonlyMap<string, MethodInfo>;
  /** Zero-argument methods. */
  readonly flags: readonly MethodInfo[];
}

type Module = Record<string, unknown>;
type BuilderClass = new (arg?: string) => { build(): unknown };

const require = createRequire(import.meta.url);
const sdkDist = dirname(dirname(require.resolve('@grafana/grafana-foundation-sdk/dashboard')));

/** Methods never used for import: appenders (`withX`, covered by their plural), validated setters and multi-field shortcuts. */
const SKIPPED = new Set(['height', 'span', 'build']);

export class SdkCatalog {
  private readonly modules = new Map<string, Module>();
  private readonly builders = new Map<string, BuilderInfo>();
  /** Panel `type` -> module whose PanelBuilder makes it. */
  readonly panelModules = new Map<string, string>();

  /** The SDK's modules (CommonJS: required synchronously, once per process). */
  static load(): SdkCatalog {
    if (loaded) return loaded;
    const catalog = new SdkCatalog();
    const names = readdirSync(sdkDist).filter((name) => existsSync(join(sdkDist, name, 'index.js')));
    for (const name of names) catalog.modules.set(name, require(join(sdkDist, name, 'index.js')) as Module);
    for (const name of [...names].sort()) {
      const builder = catalog.modules.get(name)?.PanelBuilder as BuilderClass | undefined;
      if (!builder || name === 'dashboard') continue;
      const type = (new builder().build() as { type?: string }).type;
      if (type && !catalog.panelModules.has(type)) catalog.panelModules.set(type, name);
    }
    loaded = catalog;
    return catalog;
  }

  module(name: string): Module | undefined {
    return this.modules.get(name);
  }

  /** The enum `ns.Name` (an object of member -> value), when it is one. */
  enumOf(type: ParamType): Record<string, string | number> | undefined {
    const match = /^([a-z0-9]+)\.([A-Za-z0-9_]+)$/.exec(type);
    if (!match) return undefined;
    const value = this.modules.get(match[1]!)?.[match[2]!];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const entries = Object.entries(value as Record<string, unknown>).filter(([k, v]) => !/^\d+$/.test(k) && (typeof v === 'string' || typeof v === 'number'));
    return entries.length > 0 ? (Object.fromEntries(entries) as Record<string, string | number>) : undefined;
  }

  /** The builder class for `cog.Builder<ns.T>`: `ns.TBuilder`, when the SDK has one. */
  builderForType(type: string): BuilderInfo | undefined {
    const match = /^([a-z0-9]+)\.([A-Za-z0-9_]+)$/.exec(type);
    if (!match) return undefined;
    return this.builder(match[1]!, BUILDER_NAMES[type] ?? `${match[2]}Builder`);
  }

  builder(module: string, className: string): BuilderInfo | undefined {
    const id = `${module}.${className}`;
    const known = this.builders.get(id);
    if (known) return known;
    const cls = this.modules.get(module)?.[className] as BuilderClass | undefined;
    if (typeof cls !== 'function') return undefined;
    const info = probe(module, className, cls);
    this.builders.set(id, info);
    return info;
  }

  /** A fresh instance of a builder class, constructed with `arg`. */
  instantiate(info: BuilderInfo, arg?: string): Record<string, (...args: unknown[]) => unknown> & { build(): unknown } {
    const cls = this.modules.get(info.module)![info.className] as BuilderClass;
    return (info.ctorField !== undefined ? new cls(arg ?? '') : new cls()) as never;
  }
}

/** Every method's parameter type, from the class's declaration file. */
function declaredParams(module: string, className: string): Map<string, ParamType | null> {
  const out = new Map<string, ParamType | null>();
  const dir = join(sdkDist, module);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.d.ts'))) {
    const text = readFileSync(join(dir, file), 'utf8');
    const start = text.indexOf(`export declare class ${className} `);
    if (start < 0) continue;
    const body = text.slice(start, text.indexOf('\n}', start));
    // `overrides(overrides: { matcher; properties }[])` spans lines: one synthetic type name for it.
    if (/\n\s+overrides\(overrides: \{/.test(body)) out.set('overrides', 'FieldOverrides');
    // `time(time: { from: string; to: string; })` too.
    if (/\n\s+time\(time: \{/.test(body)) out.set('time', 'TimeRange');
    for (const line of body.split('\n')) {
      const method = /^\s+([A-Za-z0-9_]+)\(([A-Za-z0-9_]+)\??: (.+)\): this;$/.exec(line);
      // One parameter only: a comma outside <...> starts a second one (`overrideByName(name, properties)`).
      if (method && !method[3]!.replace(/<[^<>]*>/g, '').includes(', ')) out.set(method[1]!, method[3]!);
      const flag = /^\s+([A-Za-z0-9_]+)\(\): this;$/.exec(line);
      if (flag) out.set(flag[1]!, null);
      const ctor = /^\s+constructor\(([A-Za-z0-9_]+): string\);$/.exec(line);
      if (ctor) out.set('constructor', ctor[1]!);
    }
    return out;
  }
  return out;
}

let loaded: SdkCatalog | undefined;

/** Types whose builder is not named `<Type>Builder`. */
const BUILDER_NAMES: Readonly<Record<string, string>> = { 'dashboard.TimePickerConfig': 'TimePickerBuilder' };

const MARK = Symbol('probe');

/** Values a primitive parameter is probed with: distinctive, and within the ranges setters check. */
function probeValues(param: ParamType): unknown[] | undefined {
  if (param === 'string') return ['\u0000probe'];
  if (param === 'number' || param === 'boolean | number' || param === 'number | null') return [0.123456789];
  if (param === 'boolean') return [true, false];
  return undefined;
}

function probe(module: string, className: string, cls: BuilderClass): BuilderInfo {
  const params = declaredParams(module, className);
  const ctorArg = params.get('constructor') ?? undefined;
  const fresh = () => (ctorArg !== undefined ? new cls('') : new cls()) as unknown as Record<string, (arg?: unknown) => unknown> & { build(): unknown };
  const baseline = clone(fresh().build()) as Record<string, unknown>;
  let ctorField: string | undefined;
  if (ctorArg !== undefined) {
    const built = new cls('\u0000ctor').build() as Record<string, unknown>;
    ctorField = Object.keys(built).find((k) => built[k] === '\u0000ctor');
  }
  const byPath = new Map<string, MethodInfo>();
  const flags: MethodInfo[] = [];
  for (const [name, param] of params) {
    if (name === 'constructor' || SKIPPED.has(name) || /^with[A-Z]/.test(name)) continue;
    if (param === null) {
      const builder = fresh();
      try {
        builder[name]!();
      } catch {
        continue;
      }
      const effect = leafChanges(baseline, clone(builder.build()));
      if (effect.length > 0) flags.push({ name, path: effect[0]!.path, effect });
      continue;
    }
    const primitive = probeValues(param);
    if (primitive) {
      for (const value of primitive) {
        const builder = fresh();
        try {
          builder[name]!(value);
        } catch {
          continue;
        }
        const changed = leafChanges(baseline, clone(builder.build())).filter((c) => c.value === value);
        const path = changed.length === 1 ? changed[0]!.path : undefined;
        if (path && !path.some((seg) => /^\d+$/.test(seg))) addMethod(byPath, { name, path, param });
        if (path) break;
      }
      continue;
    }
    const isBuilderParam = /^cog\.Builder<.*>$/.test(param);
    const isBuilderList = /^cog\.Builder<.*>\[\]$/.test(param);
    const marker = { [MARK]: true };
    const arg = isBuilderParam ? { build: () => marker } : isBuilderList ? [{ build: () => marker }] : marker;
    const builder = fresh();
    try {
      builder[name]!(arg);
    } catch {
      continue;
    }
    const path = findMarker(builder.build(), marker, isBuilderList);
    if (!path || path.some((seg) => /^\d+$/.test(seg))) continue;
    addMethod(byPath, { name, path, param });
  }
  return { module, className, ctorField, baseline, byPath, flags };
}

/** Several methods for one field: the one named after the field wins, else the first declared. */
function addMethod(byPath: Map<string, MethodInfo>, method: MethodInfo): void {
  const key = method.path.join('.');
  const current = byPath.get(key);
  const field = method.path[method.path.length - 1];
  if (!current || (current.name !== field && method.name === field)) byPath.set(key, method);
}

function findMarker(value: unknown, marker: object, inList: boolean, path: string[] = []): string[] | undefined {
  if (inList && Array.isArray(value) && value.length === 1 && value[0] === marker) return path;
  if (value === marker) return path;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const found = findMarker(child, marker, inList, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

/** Fields whose value differs between two built objects (leaves, or whole subtrees that appeared). */
export function leafChanges(before: unknown, after: unknown, path: string[] = []): { path: string[]; value: unknown }[] {
  // A subtree that appeared is reported leaf by leaf, so a setter that creates its parents still names its field.
  if ((isRecord(before) || before === undefined) && isRecord(after)) {
    const base = (before ?? {}) as Record<string, unknown>;
    const out: { path: string[]; value: unknown }[] = [];
    for (const key of Object.keys(after)) out.push(...leafChanges(base[key], after[key], [...path, key]));
    return out;
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path, value: after }];
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
