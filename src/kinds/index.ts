// Public surface of src/kinds: one module per Grafana kind behind KindHandler, and the registry (docs/kinds.md).
export type {
  KindHandler, HandlerContext, Listed, DesiredContext, SpecOf, KindDefinitions, KindFiles, RenderOptions, ParseContext, KindApiCall, KindSecrets,
  KindAppPlatform,
} from './kind-handler.js';
export { appPlatformFor, readVia, kindApis, formatKindApis, ApiMissingError, API_CHOICES, APP_PLATFORM_PAGE_SIZE, type ApiChoice, type KindApi } from './transport.js';
export { createHandlerContext, type HandlerContextOptions } from './handler-context.js';
export { createRegistry, extendRegistry, defaultRegistry, builtInKinds, handlerFor, RegistryError, type Registry, type BuiltInKind } from './registry.js';
export { projectShapeIssues, checkProjectShape } from './project-shape.js';
export { fieldIssues, type FieldRule } from './shape.js';
export { hasStatus, safetyFor, seg } from './http.js';
export { ALERTMANAGER_CONFIG } from './write-groups.js';
export { ownerFor, specHash, secretDigest } from './marker.js';
export { folder, folderDescription, declaredFolder, type FolderSpec } from './folder.js';
export { datasource, type DatasourceSpec } from './datasource.js';
export { dashboard, splitDashboardMarker, type DashboardSpec } from './dashboard.js';
export { ruleGroup, splitRuleGroupMarker, type RuleGroupSpec } from './rule-group.js';
export { contactPoint, resolveSecrets, missingSecrets, envReference, MissingSecretError, type ContactPointSpec } from './contact-point.js';
export { policy, normaliseRoute, muteTimingsOf, type PolicySpec } from './policy.js';
export { libraryPanel, libraryPanelRef, libraryPanelRefs, toLibraryPanel, type LibraryPanelSpec, type LibraryPanelDefinition } from './library-panel.js';
export { muteTiming, type MuteTimingSpec, type MuteTimingDefinition } from './mute-timing.js';
export { canonicalTimeInterval, timeIntervalProblems } from './time-interval.js';
export { notificationTemplate, grafanaTemplateContent, type NotificationTemplateSpec, type NotificationTemplateDefinition } from './notification-template.js';
export { templateProblems, definedTemplates, GRAFANA_DEFAULT_TEMPLATES } from './template-check.js';
export { OWNER_LABEL, HASH_ANNOTATION } from './alert-rule-list.js';
