// Public surface of src/kinds: one handler per Grafana kind behind KindHandler, and the registry.
export type { KindHandler, HandlerContext, Listed } from './kind-handler.js';
export { createHandlerContext, type HandlerContextOptions } from './handler-context.js';
export { createRegistry, defaultRegistry, handlerFor, type Registry } from './registry.js';
export { ownerFor, specHash, secretDigest } from './marker.js';
export { folder, folderDescription, type FolderSpec } from './folder.js';
export { datasource, type DatasourceSpec } from './datasource.js';
export { dashboard, splitDashboardMarker, type DashboardSpec } from './dashboard.js';
export { ruleGroup, splitRuleGroupMarker, type RuleGroupSpec } from './rule-group.js';
export { contactPoint, resolveSecrets, missingSecrets, envReference, MissingSecretError, type ContactPointSpec } from './contact-point.js';
export { policy, normaliseRoute, type PolicySpec } from './policy.js';
export { OWNER_LABEL, HASH_ANNOTATION } from './alert-rule-list.js';
