// Public surface of src/review: re-exported by src/index.ts.
export {};
export * from './layout-svg.js';
export * from './svg-dashboard-panels.js';
export * from './pr-comment.js';
export { GitHubApiError, type GitHubApiOptions } from './github-api.js';
