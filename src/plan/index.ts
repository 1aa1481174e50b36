// Public surface of src/plan: desired objects from definitions, live objects from Grafana, and the pure planner.
export { desiredResources, withSecretDigests, refId, type DesiredOptions } from './desired-resources.js';
export { readLive, type LiveSnapshot, type ReadLiveOptions } from './read-live.js';
export { plan, ACTIONS, type PlanOptions } from './plan.js';
export { planToJson, summaryToJson } from './plan-json.js';
export { formatPlan, formatChanges, formatSummary, formatResult, planCounts, describeObject, type FormatOptions } from './format-plan.js';
