export * from './definitions.js';
export * from './issues.js';
export * from './artifacts.js';
export * from './plan.js';
