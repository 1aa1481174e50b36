/**
 * k2-grafana's public API: the one entry point. The CLI (src/cli) is a thin layer over these exports.
 * Each area re-exports its own public surface from its folder's index.ts.
 */
export * from './model/index.js';
export * from './errors.js';
