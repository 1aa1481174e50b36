import type { JsonObject, JsonValue, ProjectDefinition } from '../../model/index.js';
import { arrayAt, isObject, objectAt, stringAt } from '../json.js';
import { place, type Place } from '../place.js';
import { walkPanels } from '../walk-panels.js';
import { where } from '../where.js';

/** One PromQL expression somewhere in the project, with the place an issue about it carries. */
export interface PromqlSite extends Place {
  readonly expr: string;
  /** Characters before `expr` in the text the user wrote (a variable query's `label_values(` prefix). */
  readonly columnOffset: number;
}

const PROMETHEUS = 'prometheus';
/** Grafana's server-side expression pseudo-datasource (grafana-http-api.md 6.1). */
const EXPRESSION_DATASOURCE = '__expr__';

/** Every PromQL expression in dashboards (targets, annotations, variable queries) and alert rules. */
export function collectPromql(project: ProjectDefinition): PromqlSite[] {
  const datasourceTypes = new Map((project.datasources ?? []).map((d) => [d.uid, d.type]));
  const sites: PromqlSite[] = [];
  for (const { source, dashboard } of (project.dashboards ?? [])) {
    const base = place.dashboard(source, dashboard);
    const isPrometheus = prometheusResolver(dashboard, datasourceTypes);
    arrayAt(objectAt(dashboard.templating)?.list).forEach((variable, i) => {
      if (!isObject(variable) || variable.type !== 'query' || isPrometheus(variable.datasource) === false) return;
      const query = stringAt(variable.query) ?? stringAt(objectAt(variable.query)?.query);
      const inner = query === undefined ? undefined : promqlInVariableQuery(query);
      if (inner) sites.push({ ...place.within(base, where.variable(stringAt(variable.name), i)), ...inner });
    });
    arrayAt(objectAt(dashboard.annotations)?.list).forEach((annotation, i) => {
      if (!isObject(annotation) || isPrometheus(annotation.datasource) === false) return;
      const expr = stringAt(annotation.expr) ?? stringAt(objectAt(annotation.target)?.expr);
      if (expr !== undefined) {
        sites.push({ ...place.within(base, where.annotation(stringAt(annotation.name), i)), expr, columnOffset: 0 });
      }
    });
    for (const entry of walkPanels(dashboard)) {
      arrayAt(entry.panel.targets).forEach((target, i) => {
        if (!isObject(target) || typeof target.expr !== 'string') return;
        if (isPrometheus(target.datasource ?? entry.panel.datasource) === false) return;
        sites.push({ ...place.query(place.panel(base, entry), stringAt(target.refId), i), expr: target.expr, columnOffset: 0 });
      });
    }
  }
  for (const { source, group } of (project.ruleGroups ?? [])) {
    const groupAt = place.of(source, where.ruleGroup(stringAt(group.title)));
    arrayAt(group.rules).forEach((rule, r) => {
      if (!isObject(rule)) return;
      const ruleAt = place.rule(groupAt, rule, r);
      arrayAt(rule.data).forEach((query, q) => {
        if (!isObject(query)) return;
        const uid = stringAt(query.datasourceUid);
        if (uid === EXPRESSION_DATASOURCE) return;
        const type = uid === undefined ? undefined : datasourceTypes.get(uid);
        if (type !== undefined && type !== PROMETHEUS) return;
        const expr = stringAt(objectAt(query.model)?.expr);
        if (expr === undefined) return;
        sites.push({ ...place.query(ruleAt, stringAt(query.refId), q), expr, columnOffset: 0 });
      });
    });
  }
  return sites;
}

/**
 * Whether a datasource reference points at Prometheus: true, false, or undefined when it cannot tell (then an
 * `expr` field is taken as PromQL). A template-variable uid resolves through the dashboard's datasource variable.
 */
function prometheusResolver(
  dashboard: JsonObject,
  datasourceTypes: ReadonlyMap<string, string>,
): (ref: JsonValue | undefined) => boolean | undefined {
  const variableTypes = new Map<string, string>();
  for (const variable of arrayAt(objectAt(dashboard.templating)?.list)) {
    if (isObject(variable) && variable.type === 'datasource' && typeof variable.name === 'string') {
      const plugin = stringAt(variable.query);
      if (plugin) variableTypes.set(variable.name, plugin);
    }
  }
  return (ref) => {
    const object = objectAt(ref);
    const uid = object ? stringAt(object.uid) : stringAt(ref);
    const type = object ? stringAt(object.type) : undefined;
    if (type !== undefined) return type === PROMETHEUS;
    if (uid === undefined) return undefined;
    const variable = /^\$\{([^}:]+)(?::[^}]*)?\}$|^\$(\w+)$|^\[\[(\w+)\]\]$/.exec(uid);
    const resolved = variable ? variableTypes.get(variable[1] ?? variable[2] ?? variable[3]) : datasourceTypes.get(uid);
    return resolved === undefined ? undefined : resolved === PROMETHEUS;
  };
}

/**
 * The PromQL inside a Prometheus variable query: `label_values(<selector>, <label>)` names a metric,
 * `query_result(<expr>)` is a whole expression. `label_values(<label>)`, `label_names()` and `metrics()` name none.
 */
export function promqlInVariableQuery(query: string): { expr: string; columnOffset: number } | undefined {
  const call = /^(\s*(label_values|query_result)\s*\()([\s\S]*)\)\s*$/.exec(query);
  if (!call) return undefined;
  const [, prefix, fn, body] = call;
  if (fn === 'query_result') return { expr: body, columnOffset: prefix.length };
  const comma = lastTopLevelComma(body);
  if (comma < 0) return undefined;
  return { expr: body.slice(0, comma), columnOffset: prefix.length };
}

/** Index of the last comma outside braces, parentheses and quotes, or -1. */
function lastTopLevelComma(text: string): number {
  let depth = 0;
  let quote: string | undefined;
  let last = -1;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i += 1;
      else if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '(' || ch === '{' || ch === '[') depth += 1;
    else if (ch === ')' || ch === '}' || ch === ']') depth -= 1;
    else if (ch === ',' && depth === 0) last = i;
  }
  return last;
}
