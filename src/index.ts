/**
 * k2-grafana's public API: the one entry point. The CLI (src/cli) is a thin layer over these exports.
 * Each area re-exports its own public surface from its folder's index.ts.
 */
export * from './model/index.js';
export * from './errors.js';
export * from './definitions/index.js';
export * from './render/index.js';
export * from './validate/index.js';
export * from './alerting/index.js';
export * from './grafana/index.js';
export * from './normalise/index.js';
export * from './diff/index.js';
export * from './kinds/index.js';
export * from './plan/index.js';
export * from './apply/index.js';
export * from './review/index.js';
export * from './annotations/index.js';
export * from './cli/index.js';
export * from './config/index.js';
export type { LoadedConfig } from './config/load-config.js';
