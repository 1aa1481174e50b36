// Public surface of src/review: re-exported by src/index.ts.
// Base-vs-head review of artifact sets: objects paired by kind + key, changes from src/diff, three formats.
export { artifactObjects, ArtifactParseError, type ReviewObject, type ArtifactObjectsOptions } from './artifact-objects.js';
export { reviewArtifactSets, reviewObjects, type ReviewReport, type ObjectReview, type ObjectStatus, type ReviewLabels, type ReviewOptions } from './review-report.js';
export { formatReviewText, type TextFormatOptions } from './format-text.js';
export { formatReviewMarkdown, type MarkdownFormatOptions } from './format-markdown.js';
export { formatReviewJson } from './format-json.js';
export { renderGridSketch, SKETCH_FILL, type GridSketch } from './grid-sketch.js';
export { panelStatuses, layoutSides } from './panel-statuses.js';
export { layoutFiles, type LayoutFile } from './layout-files.js';
export { readArtifactsAtRef, runGit, GitRefError, type GitRunner, type GitArtifactsOptions } from './git-artifacts.js';
export { ansiStyle, plainStyle, type CliStyle } from './style.js';
export { reviewLive, type LiveReviewOptions } from './live-review.js';
export * from './layout-svg.js';
export * from './svg-dashboard-panels.js';
export * from './pr-comment.js';
export { GitHubApiError, type GitHubApiOptions } from './github-api.js';
