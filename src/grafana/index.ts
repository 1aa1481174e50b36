// Public surface of src/grafana: the Grafana HTTP client, its options, retry policy, typed errors and redaction.
export { GrafanaClient, createGrafanaClient } from './grafana-client.js';
export type { GrafanaRequest, GrafanaResponse, RequestOptions, QueryValue } from './grafana-client.js';
export { clientOptionsFromEnv, defaultGrafanaUrl } from './client-options.js';
export type { GrafanaClientOptions, RequestWait } from './client-options.js';
export {
  defaultRetryPolicy, retrySafetyTable, retrySafetyOf, pathMatches, parseRetryAfter, backoffDelay, decideRetry,
} from './retry-policy.js';
export type { RetryPolicy, RetrySafety, RetrySafetyRule, RetryContext, RetryDecision } from './retry-policy.js';
export {
  GrafanaApiError, GrafanaUnreachableError, UnauthorizedError, ForbiddenError, NotFoundError, ConflictError,
  VersionMismatchError, GrafanaValidationError, ServerError, NotGrafanaError, errorForStatus,
} from './grafana-errors.js';
export type { GrafanaErrorDetails } from './grafana-errors.js';
export { redact, secretsIn, REDACTED } from './redact.js';
export { waitForHealthy, grafanaHealth } from './wait-for-healthy.js';
export type { GrafanaHealth, WaitForHealthyOptions } from './wait-for-healthy.js';
export { requiredPermissions, provisionPermissions, permissionsFor } from './permissions.js';
export type { RequiredPermission } from './permissions.js';
export { discoverApis, servedVersion, orgNamespace, type ServedApis } from './api-discovery.js';
export { AppPlatformResource, AppPlatformForbiddenError } from './app-platform-client.js';
export type { AppObject, AppObjectMeta, AppPlatformResourceOptions, ResourcePermissions } from './app-platform-client.js';
