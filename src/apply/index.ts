// Public surface of src/apply: execute a plan, and the whole provision run.
export { apply, defaultConcurrency, OUTCOMES, type ApplyOptions } from './apply.js';
export { provision, type ProvisionOptions, type ProvisionResult } from './provision.js';
