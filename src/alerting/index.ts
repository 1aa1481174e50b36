// Public surface of src/alerting: re-exported by src/index.ts.
export {
  promqlOperator,
  type ExecErrState,
  type NoDataState,
  type Reducer,
  type ThresholdOp,
  type ThresholdRule,
  type ThresholdRuleGroup,
} from './threshold-rule.js';
export { compileGrafanaRuleGroup, type GrafanaRuleGroupOptions } from './grafana-rule-group.js';
export {
  compilePrometheusRules,
  reducedQuery,
  type PrometheusAlertingRule,
  type PrometheusRecordingRule,
  type PrometheusRuleFile,
  type PrometheusRuleGroup,
  type PrometheusRulesOptions,
} from './prometheus-rules.js';
export { webhookContactPoint, type WebhookContactPointOptions } from './webhook-contact-point.js';
export { severityRoute, type SeverityRouteOptions, type SeverityTiming } from './severity-route.js';
export { ruleGroupDefinition, contactPointDefinition, policyDefinition } from './builder-definitions.js';
