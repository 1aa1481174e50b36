/**
 * The light entry point a definitions module imports (`k2-grafana/definitions`): the helpers that build dashboards,
 * alert rules, contact points and policies, and the types they produce. It loads the foundation SDK and nothing of
 * the provisioning machinery, so `check` and `generate` do not pay for the HTTP client, diff or review on every start.
 * Everything here is also exported by the main entry (`k2-grafana`).
 */
export type {
  ProjectDefinition,
  FolderDefinition,
  DatasourceDefinition,
  DashboardDefinition,
  RuleGroupDefinition,
  ContactPointDefinition,
  PolicyDefinition,
  JsonObject,
  JsonValue,
} from '../model/definitions.js';
export {
  defineDashboard,
  keyedPanel,
  keyedRow,
  promQuery,
  tagAnnotation,
  templateDatasource,
  legendConfig,
  panelIdFromKey,
  withRaw,
  raw,
  savedPanel,
  type RawFields,
  type RawOptions,
  type AnyPanel,
  type DefineDashboardOptions,
  type KeyedPanelOptions,
  type PromQueryOptions,
  type TagAnnotationOptions,
  type DatasourceRef,
  type LegendMode,
  type LegendOptions,
} from './index.js';
export {
  compileGrafanaRuleGroup,
  compilePrometheusRules,
  webhookContactPoint,
  severityRoute,
  ruleGroupDefinition,
  contactPointDefinition,
  policyDefinition,
  type ThresholdRule,
  type ThresholdRuleGroup,
  type ThresholdOp,
  type Reducer,
  type NoDataState,
  type ExecErrState,
  type GrafanaRuleGroupOptions,
  type PrometheusRuleFile,
  type PrometheusRuleGroup,
  type PrometheusAlertingRule,
  type PrometheusRulesOptions,
  type WebhookContactPointOptions,
  type SeverityRouteOptions,
  type SeverityTiming,
} from '../alerting/index.js';
// The definitions of the kinds issue 13 added (types only), and the library panel helper (no provisioning code).
export type { MuteTimingDefinition, MuteTimingSpec } from '../kinds/mute-timing.js';
export type { NotificationTemplateDefinition, NotificationTemplateSpec } from '../kinds/notification-template.js';
export type { LibraryPanelDefinition, LibraryPanelSpec } from '../kinds/library-panel.js';
export { libraryPanelRef, toLibraryPanel } from '../kinds/library-panel-ref.js';
