import type { JsonObject } from '../../model/index.js';
import { isJsonObject, parseDurationMs } from '../../normalise/index.js';
import { EXPRESSION_BUILDERS, NOTIFICATION_SETTINGS, PROMETHEUS_QUERY, QUERY, RECORD, RULE, RULE_GROUP } from './builder-table.js';
import { lit, methodCalls, ModuleCode, prometheusFlags, verifiedModelCode } from './code.js';

/** Rule keys the file format never carries (server-filled or given by the group) and so are not written. */
const NOT_WRITTEN = new Set(['id', 'orgID', 'orgId', 'folderUID', 'ruleGroup', 'updated', 'provenance', 'guid', 'version']);

export interface RuleGroupModule {
  readonly code: ModuleCode;
  /** The definition expression: `ruleGroupDefinition(source, new RuleGroupBuilder(...)...)`. */
  readonly expression: string;
}

/** The group's evaluation interval in seconds, or undefined when it is no duration. */
export function intervalSeconds(interval: unknown): number | undefined {
  const ms = parseDurationMs(interval);
  return ms === undefined || ms <= 0 || ms % 1000 !== 0 ? undefined : ms / 1000;
}

function modelCode(code: ModuleCode, definitions: string, query: JsonObject, path: string): string {
  const model = isJsonObject(query.model) ? query.model : {};
  const isExpression = query.datasourceUid === '__expr__';
  const builder = isExpression ? EXPRESSION_BUILDERS[String(model.type ?? '')] : typeof model.expr === 'string' ? PROMETHEUS_QUERY : undefined;
  const built = builder && (isExpression ? verifiedModelCode(code, builder, model, undefined, ['type']) : verifiedModelCode(code, builder, model, prometheusFlags));
  if (built) return built;
  const reason = !builder
    ? isExpression ? `no SDK builder for the expression type ${lit(model.type)}` : 'not a Prometheus query (no `expr`): the SDK has no builder for this datasource\'s model'
    : `the ${builder.name} cannot build this model exactly (a key it has no method for, a value its types do not take, or a default it adds)`;
  return code.rawObject(definitions, model, `${path}.model`, reason, { module: '@grafana/grafana-foundation-sdk/cog', name: 'Dataquery' });
}

function queryCode(code: ModuleCode, definitions: string, query: JsonObject, path: string): string {
  const { calls, rest } = methodCalls(code, QUERY, query, ['refId', 'model']);
  const chain = `new ${code.use(QUERY.module, QUERY.name)}(${lit(String(query.refId ?? ''))})${calls}.model(${modelCode(code, definitions, query, path)})`;
  const { refId: _r, model: _m, ...fields } = rest;
  return code.withFields(definitions, chain, fields, path, 'QueryBuilder has no method for');
}

function ruleCode(code: ModuleCode, definitions: string, rule: JsonObject, path: string): string {
  const written: JsonObject = {};
  for (const [key, value] of Object.entries(rule)) if (!NOT_WRITTEN.has(key)) written[key] = value;
  // The builder's own default is OK; the file format's (and Grafana's) is NoData: say it, so the two agree.
  if (written.noDataState === undefined && !isJsonObject(written.record)) written.noDataState = 'NoData';
  if (written.execErrState === undefined && !isJsonObject(written.record)) written.execErrState = 'Alerting';
  const { calls, rest } = methodCalls(code, RULE, written, ['title', 'data', 'notification_settings', 'record']);
  let chain = `new ${code.use(RULE.module, RULE.name)}(${lit(String(rule.title ?? ''))})${calls}`;
  const data = Array.isArray(written.data) ? written.data : [];
  data.forEach((query, i) => {
    chain += isJsonObject(query) ? `.withQuery(${queryCode(code, definitions, query, `${path}.data[${i}]`)})` : '';
  });
  const fields: JsonObject = {};
  for (const [key, value] of Object.entries(rest)) if (!['title', 'data', 'notification_settings', 'record'].includes(key)) fields[key] = value;
  if (data.some((q) => !isJsonObject(q))) fields.data = data;
  for (const [key, builder] of [['notification_settings', NOTIFICATION_SETTINGS], ['record', RECORD]] as const) {
    const value = written[key];
    if (value === undefined || value === null) continue;
    if (!isJsonObject(value)) {
      fields[key] = value;
      continue;
    }
    const nested = methodCalls(code, builder, value);
    // NotificationSettingsBuilder starts from group_by [alertname, grafana_folder]: an absent group_by stays absent.
    const method = key === 'notification_settings' ? 'notificationSettings' : 'record';
    let inner = `new ${code.use(builder.module, builder.name)}()${nested.calls}`;
    if (key === 'notification_settings' && value.group_by === undefined) {
      code.raw.push({ path: `${path}.${key}.group_by`, reason: 'NotificationSettingsBuilder starts with group_by [alertname, grafana_folder]; the original has none, so it is dropped' });
      inner = `${code.use(definitions, 'withRaw')}(${inner}, {}, { drop: ['group_by'] })`;
    }
    chain += `.${method}(${code.withFields(definitions, inner, nested.rest, `${path}.${key}`, `${builder.name} has no method for`)})`;
  }
  return code.withFields(definitions, chain, fields, path, 'RuleBuilder has no method for');
}

/**
 * A rule group as compileGrafanaRuleGroup writes one: the SDK's RuleGroupBuilder, RuleBuilder and QueryBuilder, with the Prometheus and
 * expression model builders where they build the model exactly, wrapped by our `ruleGroupDefinition`.
 */
export function ruleGroupCode(definitions: string, group: { title: string; folderUid: string; interval: number; rules: readonly JsonObject[] }): RuleGroupModule {
  const code = new ModuleCode();
  const rules = group.rules.map((rule, i) => `.withRule(${ruleCode(code, definitions, rule, `rules[${i}]`)})`).join('');
  const expression = `${code.use(definitions, 'ruleGroupDefinition')}(source, new ${code.use(RULE_GROUP.module, RULE_GROUP.name)}(${lit(group.title)}).folderUid(${lit(group.folderUid)}).interval(${group.interval})${rules})`;
  return { code, expression };
}
