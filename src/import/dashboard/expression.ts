import type { JsonObject, JsonValue } from '../../model/index.js';
import { raw, withRaw } from '../../definitions/raw.js';
import { savedPanel } from '../../definitions/saved-panel.js';
import type { RawPart } from '../import-result.js';
import { SdkCatalog, type BuilderInfo, type ParamType } from './sdk-catalog.js';

/**
 * The importer's intermediate form: what a generated module says, as data. The same tree is both evaluated here
 * (to find, exactly, what the builder calls leave out: the raw part) and printed as TypeScript (code.ts), so the
 * code and the check cannot disagree; the round-trip check then runs the printed code itself.
 */
export type Expr =
  | { readonly k: 'lit'; readonly value: JsonValue }
  | { readonly k: 'enum'; readonly type: string; readonly member: string; readonly value: string | number }
  | { readonly k: 'obj'; readonly entries: readonly (readonly [string, Expr])[] }
  | { readonly k: 'arr'; readonly items: readonly Expr[] }
  | { readonly k: 'node'; readonly node: BuilderNode }
  /** A call of a factory the generator puts in a module of its own (a panel, the variables): `name()`. */
  | { readonly k: 'ref'; readonly name: string; readonly file: string; readonly inner: Expr };

export interface Call {
  readonly method: string;
  readonly args: readonly Expr[];
}

export interface BuilderNode {
  /** Undefined for `raw<type>(fields)`: an object no builder makes. */
  readonly builder?: BuilderInfo;
  /** TypeScript type of a raw-only node, e.g. `cog.Dataquery`. */
  readonly rawType?: string;
  readonly ctorArg?: string;
  readonly calls: Call[];
  raw?: { set: JsonObject; drop: string[] };
  /** A definitions helper the built object goes through before the raw part (`savedPanel`). */
  wrap?: 'savedPanel';
  /** Field path of this object inside the dashboard, for the report. */
  readonly at: string;
  /** Why fields were not expressed by builder calls, by field path relative to the object. */
  readonly reasons: Map<string, string>;
  /** Raw parts (field path and why), filled when the raw part is computed. */
  rawParts: RawPart[];
}

/** Fields listed first in builder chains, so each reads like the panel's header: what it is, then the rest. */
const FIRST = ['type', 'id', 'uid', 'title', 'name', 'label', 'description', 'gridPos', 'datasource'];

/** Datasource plugin type -> SDK module with a DataqueryBuilder for its queries. */
const QUERY_MODULES: Readonly<Record<string, string>> = {
  prometheus: 'prometheus',
  loki: 'loki',
  elasticsearch: 'elasticsearch',
  tempo: 'tempo',
  cloudwatch: 'cloudwatch',
  testdata: 'testdata',
  'grafana-testdata-datasource': 'testdata',
  'grafana-pyroscope-datasource': 'grafanapyroscope',
  'grafana-azure-monitor-datasource': 'azuremonitor',
  stackdriver: 'googlecloudmonitoring',
  'grafana-athena-datasource': 'athena',
  'grafana-bigquery-datasource': 'bigquery',
  parca: 'parca',
};

export interface ExpressContext {
  readonly catalog: SdkCatalog;
  /** Datasource type of the enclosing panel, for queries that do not name their own. */
  readonly panelDatasourceType?: string;
  /** Replaces `cog.Builder<X>[]` parameters with a factory reference (variables, annotations), by parameter type. */
  readonly lists?: Readonly<Record<string, (items: JsonValue[], at: string) => Expr | undefined>>;
}

/** An object expressed as a builder chain, the rest of it left to the raw part (computed by `finish`). */
export function express(value: JsonObject, builder: BuilderInfo, at: string, ctx: ExpressContext, skip: readonly string[] = []): BuilderNode {
  const ctorArg = builder.ctorField !== undefined ? (typeof value[builder.ctorField] === 'string' ? (value[builder.ctorField] as string) : '') : undefined;
  const node: BuilderNode = { builder, ctorArg, calls: [], at, reasons: new Map(), rawParts: [] };
  const covered = new Set<string>();
  const walk = (object: JsonObject, prefix: readonly string[]): void => {
    for (const key of ordered(Object.keys(object), prefix.length === 0)) {
      const path = [...prefix, key];
      const dotted = path.join('.');
      if (prefix.length === 0 && (skip.includes(key) || key === builder.ctorField)) continue;
      const method = builder.byPath.get(dotted);
      const child = object[key]!;
      if (method) {
        const arg = exprFor(method.param!, child, `${at}.${dotted}`, ctx);
        // A call that restates the builder's own default says nothing: left out, the output is the same.
        if (arg && (arg.k === 'lit' || arg.k === 'enum') && same(valueAt(builder.baseline, path), child)) {
          covered.add(dotted);
          continue;
        }
        if (arg) {
          node.calls.push({ method: method.name, args: [arg] });
          covered.add(dotted);
          continue;
        }
        node.reasons.set(dotted, `does not fit the builder's .${method.name}(${method.param})`);
      }
      const deeper = [...builder.byPath.keys()].some((p) => p.startsWith(`${dotted}.`));
      if (isObject(child) && deeper) walk(child, path);
      else if (!method) node.reasons.set(dotted, 'no builder method sets it');
    }
  };
  walk(value, []);
  for (const flag of builder.flags) {
    const effect = flag.effect ?? [];
    if (effect.some((e) => covered.has(e.path.join('.')))) continue;
    if (!effect.every((e) => JSON.stringify(valueAt(value, e.path)) === JSON.stringify(e.value))) continue;
    node.calls.push({ method: flag.name, args: [] });
    for (const e of effect) {
      covered.add(e.path.join('.'));
      node.reasons.delete(e.path.join('.'));
    }
  }
  return node;
}

/** A node for an object no builder makes: all of it raw. */
export function rawNode(value: JsonObject, rawType: string, at: string, reason: string): BuilderNode {
  return { rawType, calls: [], raw: { set: value, drop: [] }, at, reasons: new Map(), rawParts: [{ path: at, reason }] };
}

/**
 * Computes the node's raw part: what the original holds that the builder calls did not produce (set), and what they
 * produced that the original lacks (drop). `original` is compared as JSON (undefined dropped), `ignore` top-level
 * keys are left out of the comparison (a dashboard's panels, set by defineDashboard).
 */
export function finish(node: BuilderNode, original: JsonObject, ignore: readonly string[] = [], defaultReason = 'the builder sets it otherwise'): void {
  if (!node.builder) return;
  const built = toJson(evaluate({ ...node, raw: undefined }).build()) as JsonObject;
  for (const key of ignore) delete built[key];
  const wanted = toJson(original) as JsonObject;
  for (const key of ignore) delete wanted[key];
  const set: JsonObject = {};
  const drop: string[] = [];
  const parts: RawPart[] = [];
  diffInto(wanted, built, [], set, drop, parts, node, defaultReason);
  if (Object.keys(set).length > 0 || drop.length > 0) node.raw = { set, drop };
  node.rawParts.push(...parts);
}

function diffInto(wanted: JsonObject, built: JsonObject, path: string[], set: JsonObject, drop: string[], parts: RawPart[], node: BuilderNode, defaultReason: string): void {
  for (const [key, value] of Object.entries(wanted)) {
    const here = [...path, key];
    const has = Object.prototype.hasOwnProperty.call(built, key);
    const current = built[key];
    if (has && isObject(value) && isObject(current) && !hasDottedKey(value) && !hasDottedKey(current)) {
      const sub: JsonObject = {};
      diffInto(value, current, here, sub, drop, parts, node, defaultReason);
      if (Object.keys(sub).length > 0) set[key] = sub;
    } else if (!has || !same(value, current)) {
      set[key] = value;
      parts.push({ path: `${node.at}.${here.join('.')}`, reason: reasonFor(node, here, defaultReason) });
    }
  }
  for (const key of Object.keys(built)) {
    if (Object.prototype.hasOwnProperty.call(wanted, key)) continue;
    const here = [...path, key];
    drop.push(here.join('.'));
    parts.push({ path: `${node.at}.${here.join('.')}`, reason: 'a builder default the original does not have' });
  }
}

function reasonFor(node: BuilderNode, path: readonly string[], fallback: string): string {
  for (let n = path.length; n > 0; n -= 1) {
    const reason = node.reasons.get(path.slice(0, n).join('.'));
    if (reason) return reason;
  }
  return fallback;
}

/** The expression of a value for a parameter of this type, or undefined when the value does not fit the type. */
export function exprFor(param: ParamType, value: JsonValue, at: string, ctx: ExpressContext): Expr | undefined {
  const lit = (ok: boolean): Expr | undefined => (ok ? { k: 'lit', value } : undefined);
  switch (param) {
    case 'string':
      return lit(typeof value === 'string');
    case 'number':
      return lit(typeof value === 'number');
    case 'number | null':
      return lit(typeof value === 'number' || value === null);
    case 'boolean':
      return lit(typeof value === 'boolean');
    case 'boolean | number':
      return lit(typeof value === 'boolean' || typeof value === 'number');
    case 'string[]':
      return lit(Array.isArray(value) && value.every((v) => typeof v === 'string'));
    case 'number[]':
      return lit(Array.isArray(value) && value.every((v) => typeof v === 'number'));
    case 'any[]':
      return lit(Array.isArray(value));
    case 'Record<string, string>':
      return lit(isObject(value) && Object.values(value).every((v) => typeof v === 'string'));
    case 'string | Record<string, any>':
      return lit(typeof value === 'string' || isObject(value));
    case 'TimeRange':
      return lit(isObject(value) && hasOnly(value, { from: 'string', to: 'string' }));
    case 'string | string[]':
      return lit(typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string')));
    case 'common.DataSourceRef':
    case 'dashboard.DataSourceRef':
      return lit(isObject(value) && hasOnly(value, { type: 'string?', uid: 'string?' }));
    case 'dashboard.GridPos':
      return lit(isObject(value) && hasOnly(value, { h: 'number', w: 'number', x: 'number', y: 'number', static: 'boolean?' }));
    case 'dashboard.LibraryPanelRef':
      return lit(isObject(value) && hasOnly(value, { name: 'string', uid: 'string' }));
    case 'dashboard.Threshold[]':
      return lit(Array.isArray(value) && value.every((v) => isObject(v) && hasOnly(v, { value: 'number|null', color: 'string' })));
    case 'dashboard.VariableOption':
      return lit(isVariableOption(value));
    case 'dashboard.VariableOption[]':
      return lit(Array.isArray(value) && value.every(isVariableOption));
    case 'dashboard.DataTransformerConfig[]':
      return lit(Array.isArray(value) && value.every(isTransformation));
    case 'FieldOverrides':
      return lit(Array.isArray(value) && value.every(isOverride));
    case 'dashboard.ValueMapping[]':
      return valueMappings(value, ctx);
  }
  const union = /^"[^"]*"(?: \| "[^"]*")+$/.test(param) ? param.split(' | ').map((s) => JSON.parse(s) as string) : undefined;
  if (union) return lit(typeof value === 'string' && union.includes(value));
  const list = /^(?:\((.+)\)|(.+))\[\]$/.exec(param);
  const builderOf = /^cog\.Builder<(.+)>$/.exec(param);
  if (builderOf) return builderExpr(builderOf[1]!, value, at, ctx);
  if (list) {
    if (!Array.isArray(value)) return undefined;
    const itemType = list[1] ?? list[2]!;
    const listBuilder = /^cog\.Builder<(.+)>$/.exec(itemType);
    const special = listBuilder ? ctx.lists?.[listBuilder[1]!] : undefined;
    if (special) return special(value, at);
    const items = value.map((item, i) => exprFor(itemType, item, `${at}[${i}]`, ctx));
    return items.every((item) => item !== undefined) ? { k: 'arr', items: items as Expr[] } : undefined;
  }
  const members = ctx.catalog.enumOf(param);
  if (members) {
    const member = Object.entries(members).find(([, v]) => v === value)?.[0];
    return member !== undefined ? { k: 'enum', type: param, member, value: value as string | number } : undefined;
  }
  return undefined;
}

function builderExpr(type: string, value: JsonValue, at: string, ctx: ExpressContext): Expr | undefined {
  if (!isObject(value)) return undefined;
  if (type === 'cog.Dataquery') return { k: 'node', node: queryNode(value, at, ctx) };
  const builder = ctx.catalog.builderForType(type);
  if (!builder) return undefined;
  const node = express(value, builder, at, ctx);
  finish(node, value);
  return { k: 'node', node };
}

/** A query (panel target, annotation target) with its datasource's query builder, or raw when the SDK has none. */
export function queryNode(value: JsonObject, at: string, ctx: ExpressContext): BuilderNode {
  const ds = value.datasource;
  const type = (isObject(ds) && typeof ds.type === 'string' ? ds.type : undefined) ?? ctx.panelDatasourceType;
  const module = type !== undefined ? QUERY_MODULES[type] : typeof value.expr === 'string' ? 'prometheus' : undefined;
  const builder = module ? ctx.catalog.builder(module, 'DataqueryBuilder') : undefined;
  if (!builder) {
    // Grafana's own annotation target (tags): the SDK's AnnotationTargetBuilder does not type as a query (SDK 0.0.21).
    const reason = type === 'grafana' || type === 'datasource'
      ? `Grafana's built-in ${type} query: the SDK types no builder for it as a query`
      : `the SDK has no query builder for datasource type ${type ?? '(none named)'}`;
    return rawNode(value, 'cog.Dataquery', at, reason);
  }
  const node = express(value, builder, at, ctx);
  finish(node, value);
  return node;
}

function valueMappings(value: JsonValue, ctx: ExpressContext): Expr | undefined {
  if (!Array.isArray(value)) return undefined;
  const types = ctx.catalog.enumOf('dashboard.MappingType') ?? {};
  const matches = ctx.catalog.enumOf('dashboard.SpecialValueMatch') ?? {};
  const result = { text: 'string?', color: 'string?', icon: 'string?', index: 'number?' } as const;
  const items: Expr[] = [];
  for (const mapping of value) {
    if (!isObject(mapping) || !hasOnly(mapping, { type: 'string', options: 'object' })) return undefined;
    const member = Object.entries(types).find(([, v]) => v === mapping.type)?.[0];
    const options = mapping.options as JsonObject;
    if (member === undefined) return undefined;
    let optionsExpr: Expr;
    if (mapping.type === 'value') {
      if (!Object.values(options).every((r) => isObject(r) && hasOnly(r, result))) return undefined;
      optionsExpr = { k: 'lit', value: options };
    } else if (mapping.type === 'range' || mapping.type === 'regex') {
      const shape: Shape = mapping.type === 'range' ? { from: 'number|null', to: 'number|null', result: 'object' } : { pattern: 'string', result: 'object' };
      if (!hasOnly(options, shape) || !hasOnly(options.result as JsonObject, result)) return undefined;
      optionsExpr = { k: 'lit', value: options };
    } else if (mapping.type === 'special') {
      const match = Object.entries(matches).find(([, v]) => v === options.match)?.[0];
      if (match === undefined || !hasOnly(options, { match: 'string', result: 'object' }) || !hasOnly(options.result as JsonObject, result)) return undefined;
      optionsExpr = { k: 'obj', entries: [['match', { k: 'enum', type: 'dashboard.SpecialValueMatch', member: match, value: options.match as string }], ['result', { k: 'lit', value: options.result! }]] };
    } else return undefined;
    items.push({ k: 'obj', entries: [['type', { k: 'enum', type: 'dashboard.MappingType', member, value: mapping.type as string }], ['options', optionsExpr]] });
  }
  return { k: 'arr', items };
}

type Shape = Readonly<Record<string, 'string' | 'string?' | 'number' | 'number?' | 'boolean' | 'boolean?' | 'number|null' | 'object' | 'any' | 'any?'>>;

/** Exactly the fields of a type (no others, required ones present, each of its type): an object literal that typechecks. */
function hasOnly(value: JsonObject, shape: Shape): boolean {
  for (const key of Object.keys(value)) if (!(key in shape)) return false;
  for (const [key, type] of Object.entries(shape)) {
    const v = value[key];
    const optional = type.endsWith('?');
    if (v === undefined) {
      if (!optional) return false;
      continue;
    }
    const base = type.replace('?', '');
    if (base === 'any') continue;
    if (base === 'number|null') {
      if (!(typeof v === 'number' || v === null)) return false;
    } else if (base === 'object') {
      if (!isObject(v)) return false;
    } else if (typeof v !== base) return false;
  }
  return true;
}

function isVariableOption(value: JsonValue): boolean {
  if (!isObject(value) || !hasOnly(value, { selected: 'boolean?', text: 'any', value: 'any' })) return false;
  const ok = (v: JsonValue | undefined) => typeof v === 'string' || (Array.isArray(v) && v.every((s) => typeof s === 'string'));
  return ok(value.text) && ok(value.value);
}

function isTransformation(value: JsonValue): boolean {
  if (!isObject(value) || !hasOnly(value, { id: 'string', disabled: 'boolean?', filter: 'any?', topic: 'string?', options: 'any' })) return false;
  if (value.filter !== undefined && !(isObject(value.filter) && hasOnly(value.filter, { id: 'string', options: 'any?' }))) return false;
  return value.topic === undefined || ['series', 'annotations', 'alertStates'].includes(value.topic as string);
}

function isOverride(value: JsonValue): boolean {
  if (!isObject(value) || !hasOnly(value, { __systemRef: 'string?', matcher: 'object', properties: 'any' })) return false;
  if (!hasOnly(value.matcher as JsonObject, { id: 'string', options: 'any?' })) return false;
  return Array.isArray(value.properties) && value.properties.every((p) => isObject(p) && hasOnly(p, { id: 'string', value: 'any?' }));
}

/** The runtime builder the node stands for: exactly what the printed code constructs. */
export function evaluate(node: BuilderNode): { build(): unknown } {
  if (!node.builder) return raw(node.raw!.set as never);
  const instance = SdkCatalog.load().instantiate(node.builder, node.ctorArg);
  for (const call of node.calls) instance[call.method]!(...call.args.map(evaluateExpr));
  const wrapped = node.wrap === 'savedPanel' ? savedPanel(instance as never) : instance;
  return node.raw ? withRaw(wrapped, node.raw.set as never, { drop: node.raw.drop }) : wrapped;
}

export function evaluateExpr(expr: Expr): unknown {
  switch (expr.k) {
    case 'lit':
      return structuredClone(expr.value);
    case 'enum':
      return expr.value;
    case 'obj':
      return Object.fromEntries(expr.entries.map(([key, value]) => [key, evaluateExpr(value)]));
    case 'arr':
      return expr.items.map(evaluateExpr);
    case 'node':
      return evaluate(expr.node);
    case 'ref':
      return evaluateExpr(expr.inner);
  }
}

/** Every raw part under an expression (nested builders included). */
export function rawPartsOf(expr: Expr): RawPart[] {
  switch (expr.k) {
    case 'node':
      return [...expr.node.rawParts, ...expr.node.calls.flatMap((c) => c.args.flatMap(rawPartsOf))];
    case 'arr':
      return expr.items.flatMap(rawPartsOf);
    case 'obj':
      return expr.entries.flatMap(([, e]) => rawPartsOf(e));
    case 'ref':
      return rawPartsOf(expr.inner);
    default:
      return [];
  }
}

function ordered(keys: string[], top: boolean): string[] {
  if (!top) return keys;
  const rank = (k: string) => (FIRST.includes(k) ? FIRST.indexOf(k) : FIRST.length);
  return [...keys].sort((a, b) => rank(a) - rank(b));
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let at = value;
  for (const key of path) at = isObject(at as JsonValue) ? (at as JsonObject)[key] : undefined;
  return at;
}

export function toJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as JsonValue;
}

/** A key a dot path cannot name: its object is compared and set as a whole. */
function hasDottedKey(value: JsonObject): boolean {
  return Object.keys(value).some((k) => k.includes('.'));
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortDeep(a)) === JSON.stringify(sortDeep(b));
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortDeep((value as Record<string, unknown>)[k])]));
  return value;
}

export function isObject(value: JsonValue | undefined | unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
