// Public surface of src/plan: desired objects from definitions, live objects from Grafana, and the pure planner.
export { desiredResources, refId, type DesiredOptions } from './desired-resources.js';
export { readLive, type LiveSnapshot, type ReadLiveOptions } from './read-live.js';
export { plan, ACTIONS, type PlanOptions } from './plan.js';
export { reasonsFor } from './reasons.js';
