import { QueryBuilder, RuleBuilder, RuleGroupBuilder } from '@grafana/grafana-foundation-sdk/alerting';
import { TypeReduceBuilder, TypeThresholdBuilder } from '@grafana/grafana-foundation-sdk/expr';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import type { JsonObject, RuleGroupDefinition } from '../model/index.js';
import type { ThresholdRule, ThresholdRuleGroup } from './threshold-rule.js';

export interface GrafanaRuleGroupOptions {
  /** Definition file relative to the project root: named in errors. */
  readonly source: string;
  /** Uid of the Prometheus datasource query A runs against (rules cannot use dashboard variables). */
  readonly datasourceUid: string;
  /** `runbook_url` = base + '#' + anchor, e.g. `docs/runbooks.md`. */
  readonly runbookBaseUrl: string;
  /** @default 1 */
  readonly orgId?: number;
}

const EXPR = { type: '__expr__', uid: '__expr__' } as const;
const DEFAULT_RANGE = { from: 600, to: 0 } as const;

/**
 * Compile threshold rules into Grafana's AlertRuleGroup (the provisioning API shape) with the SDK's alerting builders:
 * A = the PromQL query, B = reduce, C = threshold; the condition is C.
 */
export function compileGrafanaRuleGroup(group: ThresholdRuleGroup, options: GrafanaRuleGroupOptions): RuleGroupDefinition {
  const builder = new RuleGroupBuilder(group.name).folderUid(group.folderUid).interval(group.intervalSeconds);
  for (const rule of group.rules) builder.withRule(ruleBuilder(rule, group, options));
  const built = JSON.parse(JSON.stringify(builder.build())) as JsonObject;
  return { source: options.source, group: built };
}

function ruleBuilder(rule: ThresholdRule, group: ThresholdRuleGroup, options: GrafanaRuleGroupOptions): RuleBuilder {
  const reducer = rule.reducer ?? 'last';
  const query = new DataqueryBuilder().expr(rule.query).refId('A').datasource({ type: 'prometheus', uid: options.datasourceUid });
  // `last` of an instant query is the current value; other reducers need the samples of the whole range.
  if (reducer === 'last') query.instant();
  else query.range();
  return new RuleBuilder(rule.title)
    .uid(rule.uid)
    .orgID(options.orgId ?? 1)
    .folderUID(group.folderUid)
    .ruleGroup(group.name)
    .condition('C')
    .forDuration(rule.for)
    .noDataState(rule.noDataState)
    .execErrState(rule.execErrState)
    .isPaused(false)
    .labels({ ...rule.labels, severity: rule.severity })
    .annotations({
      summary: rule.summary,
      description: rule.description,
      runbook_url: `${options.runbookBaseUrl}#${rule.runbookAnchor}`,
    })
    .withQuery(
      new QueryBuilder('A')
        .datasourceUid(options.datasourceUid)
        .relativeTimeRange({ ...(rule.relativeTimeRange ?? DEFAULT_RANGE) })
        .model(query),
    )
    .withQuery(
      new QueryBuilder('B')
        .datasourceUid(EXPR.uid)
        .model(new TypeReduceBuilder().refId('B').datasource({ ...EXPR }).expression('A').reducer(reducer)),
    )
    .withQuery(
      new QueryBuilder('C')
        .datasourceUid(EXPR.uid)
        .model(
          new TypeThresholdBuilder()
            .refId('C')
            .datasource({ ...EXPR })
            .expression('B')
            .conditions([{ evaluator: { type: rule.op, params: [rule.value] } }]),
        ),
    );
}
