export { k2RuleGroup, projectLabels, source as rulesSource } from './rules.js';
export { runbookAnchors, runbooksFile } from './runbook-anchors.js';
export { k2ContactPoint, k2Policy, k2MaintenanceWindow, k2MessageTemplate } from './notifications.js';
