/**
 * k2-grafana's public API: the one entry point, and the semver surface. Everything is listed by name, grouped by the
 * stage of the pipeline it belongs to (definitions -> model -> canonical files -> validate -> diff/plan -> apply);
 * helpers the stages share internally are not exported. `api/k2-grafana.api.md` records this surface, and the test
 * suite fails when it is stale (`npm run api-report` updates it), so every change to it shows in review.
 */

// ── Project config: what a project's k2-grafana.config.ts declares (also the light `k2-grafana/config` entry) ──
export * from './config/index.js';
export { loadConfig, type LoadedConfig, type LoadConfigOptions } from './config/load-config.js';
export { resolveGrafana, type ResolvedGrafana, type ResolveGrafanaOptions, type SettingSource } from './config/resolve-grafana.js';
export { applyContextOverrides } from './config/context-overrides.js';

// ── Definitions: what a definitions module exports, and the helpers that build dashboards and alert rules ──
// (also the light `k2-grafana/definitions` entry, which definitions modules import to keep every start fast)
export * from './definitions/entry.js';

// ── Generate: definitions -> canonical provisioning/ files, written all or nothing ──
export type { ArtifactSet } from './model/artifacts.js';
export { generate, writeArtifacts, compareArtifacts, type GenerateOptions, type WriteResult } from './render/index.js';

// ── Validate: the lint rules, their severities and scoped exclusions ──
export type { Issue } from './model/issues.js';
export { formatIssue } from './model/issues.js';
export {
  validateProject,
  hasErrors,
  lintConfigIssues,
  LINT_RULES,
  LINT_RULE_IDS,
  parsePromql,
  substituteVariables,
  type ValidateOptions,
  type LintRuleId,
  type LintRuleInfo,
  type LintScope,
} from './validate/index.js';

// ── Kinds: one module per Grafana kind behind one interface, and the registry (docs/kinds.md) ──
export type {
  KindHandler,
  HandlerContext,
  Listed,
  DesiredContext,
  SpecOf,
  KindDefinitions,
  KindFiles,
  RenderOptions,
  ParseContext,
  KindApiCall,
  KindSecrets,
  KindAppPlatform,
  ApiChoice,
  KindApi,
} from './kinds/index.js';
export { appPlatformFor, readVia, ApiMissingError } from './kinds/index.js';
export { createRegistry, extendRegistry, defaultRegistry, builtInKinds, projectShapeIssues, ownerFor, RegistryError, type Registry, type BuiltInKind } from './kinds/index.js';

// ── Plan and provision: read Grafana, decide per object, apply ──
export type {
  Kind,
  Resource,
  ResourceKey,
  ResourceRef,
  Live,
  Marker,
  Plan,
  PlanAction,
  PlanCounts,
  PlanReason,
  PlannedChange,
  ApplyEvent,
  ApplyOutcome,
  ApplyObjectResult,
  ApplySummary,
} from './model/plan.js';
export { desiredResources, readLive, plan, planToJson, formatPlan, formatChanges, formatSummary, type DesiredOptions, type LiveSnapshot, type PlanOptions, type FormatOptions } from './plan/index.js';
export { apply, provision, type ApplyOptions, type ProvisionOptions, type ProvisionResult } from './apply/index.js';

// ── Review: semantic diffs of dashboards and rules, for people (text, PR markdown, layout pictures) and machines ──
export type { Change, ChangeKind } from './diff/index.js';
export { diffDashboards, diffRuleGroups, type DiffDashboardsOptions, type DiffRuleGroupsOptions } from './diff/index.js';
export { normaliseDashboard, normaliseRuleGroup } from './normalise/index.js';
export {
  reviewArtifactSets,
  reviewLive,
  readArtifactsAtRef,
  formatReviewText,
  formatReviewMarkdown,
  formatReviewJson,
  layoutFiles,
  type ReviewReport,
  type ObjectReview,
  type ObjectStatus,
  type LiveReviewOptions,
  type LayoutFile,
} from './review/index.js';

// ── Grafana client: one HTTP client with retries, typed errors and redaction ──
export {
  createGrafanaClient,
  clientOptionsFromEnv,
  waitForHealthy,
  grafanaHealth,
  redact,
  GrafanaClient,
  GrafanaApiError,
  GrafanaUnreachableError,
  UnauthorizedError,
  ForbiddenError,
  NotFoundError,
  ConflictError,
  VersionMismatchError,
  GrafanaValidationError,
  ServerError,
  NotGrafanaError,
  AppPlatformResource,
  AppPlatformForbiddenError,
  discoverApis,
  requiredPermissions,
  type RequiredPermission,
  type RequestWait,
  type GrafanaClientOptions,
  type GrafanaRequest,
  type GrafanaResponse,
  type GrafanaHealth,
  type RetryPolicy,
  type AppObject,
  type AppObjectMeta,
  type AppPlatformResourceOptions,
  type ResourcePermissions,
  type ServedApis,
} from './grafana/index.js';

// ── Annotations: exactly-once events on the panels, journaled while Grafana is away; a level watcher ──
export {
  createAnnotationEmitter,
  createEmitterFromEnv,
  grafanaAnnotationApi,
  createPrometheusClient,
  LevelWatcher,
  runLevelWatcher,
  PrometheusQueryError,
  type AnnotationEmitter,
  type AnnotationEmitterOptions,
  type EmitterFromEnvOptions,
  type AnnotationEvent,
  type RegionClose,
  type EmitResult,
  type FlushReport,
  type Outcome,
  type PrometheusClient,
  type PrometheusClientOptions,
  type PromSeries,
  type LevelChange,
  type LevelWatcherOptions,
  type WatchLoopOptions,
} from './annotations/index.js';

// ── CLI: a project's own verbs (registered by its config) and the exit codes every verb shares ──
export { defineCommand, colorEnabled, ExitCode, reportError, type CliCommand, type CommandContext, type CliIO, type VerbInfo, type LazyCommand, type CommandEntry } from './cli/index.js';

// ── Errors: every deliberate error is a K2GrafanaError with a code from one closed set and a hint ──
export {
  K2GrafanaError,
  isK2GrafanaError,
  InvalidDefinitionsError,
  StaleArtifactsError,
  UsageError,
  ConfigError,
  NoInputError,
  CantCreateError,
  InternalError,
  type ErrorCode,
} from './errors.js';
