import type { Issue, ProjectDefinition } from '../model/index.js';
import { checkContactPoints, checkPolicies } from './contact-points.js';
import { checkDashboards } from './dashboards.js';
import { checkPanels } from './panels.js';
import { checkPromql } from './promql.js';
import { checkFoldersAndDatasources } from './references.js';
import { checkAlertRules } from './rules.js';
import { checkRunbooks } from './runbooks.js';
import { checkDashboardSchema } from './schema.js';

export interface ValidateOptions {
  /** Project root: runbook files and `source` paths are relative to it. */
  readonly rootDir: string;
}

/**
 * Every validation rule over a whole project definition. An empty list means valid. Issues come in a fixed order
 * (folders and datasources, then per dashboard: schema, dashboard, panels; PromQL; alert rules; runbooks; contact
 * points; policies), so output is deterministic. Pure apart from reading `project.runbooksFile` under `rootDir`.
 */
export function validateProject(project: ProjectDefinition, options: ValidateOptions): Issue[] {
  return [
    ...checkFoldersAndDatasources(project),
    ...checkDashboards(project),
    ...(project.dashboards ?? []).flatMap((definition) => [...checkDashboardSchema(definition), ...checkPanels(definition)]),
    ...checkPromql(project),
    ...checkAlertRules(project),
    ...checkRunbooks(project, options),
    ...checkContactPoints(project),
    ...checkPolicies(project),
  ];
}

export { dashboardSchemaViolations, type SchemaViolation } from './schema.js';
export { parsePromql, type ParsedPromql, type PromqlSyntaxError } from './promql/parse-promql.js';
export { substituteVariables } from './promql/substitute-variables.js';
export { githubSlug, markdownAnchors } from './runbooks.js';
export { parsePrometheusDuration } from './prometheus-duration.js';
