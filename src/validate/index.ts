import type { Issue, ProjectDefinition } from '../model/index.js';
import { checkContactPoints, checkPolicies } from './contact-points.js';
import { checkDashboards } from './dashboards.js';
import { checkLibraryPanelRefs, withLibraryPanels } from './library-panels.js';
import { checkNotifications } from './notifications.js';
import { checkLiteralSecrets } from './literal-secrets.js';
import { assertLintConfig, type LintConfig } from './lint-config.js';
import { applyLintPolicy } from './lint-policy.js';
import { checkPanels } from './panels.js';
import { checkPromql } from './promql.js';
import { checkFoldersAndDatasources } from './references.js';
import { checkAlertRules } from './rules.js';
import { checkRunbooks } from './runbooks.js';
import { checkDashboardSchema } from './schema.js';

export interface ValidateOptions {
  /** Project root: runbook files and `source` paths are relative to it. */
  readonly rootDir: string;
  /** The project's lint policy (`ProjectConfig.lint`); without it every rule has its default severity. */
  readonly lint?: LintConfig;
}

/**
 * Every validation rule over a whole project definition, under the lint policy: each issue carries the severity the
 * policy gives its rule; rules that are off and excluded findings are left out. No issue of severity `error` means
 * valid. Issues come in a fixed order (folders and datasources, dashboards, then per dashboard: schema, panels;
 * PromQL; alert rules; runbooks; contact points; policies; literal secrets; mute timings, templates; library panel references), so output is deterministic. Pure apart from reading
 * `project.runbooksFile` under `rootDir`. Throws InvalidDefinitionsError when `lint` itself is invalid.
 */
export function validateProject(definitions: ProjectDefinition, options: ValidateOptions): Issue[] {
  const lint = assertLintConfig(options.lint);
  // Dashboards are checked as Grafana draws them: library panel references replaced by the library panel's model.
  const project = withLibraryPanels(definitions);
  const findings = [
    ...checkFoldersAndDatasources(project),
    ...checkDashboards(project),
    ...(project.dashboards ?? []).flatMap((definition) => [...checkDashboardSchema(definition), ...checkPanels(definition)]),
    ...checkPromql(project),
    ...checkAlertRules(project),
    ...checkRunbooks(project, options),
    ...checkContactPoints(project),
    ...checkPolicies(project),
    // Literal secrets are looked for in what is written: the definitions as they are, references included.
    ...checkLiteralSecrets(definitions),
    ...checkNotifications(project),
    ...checkLibraryPanelRefs(definitions),
  ];
  return applyLintPolicy(findings, lint);
}

/** Whether any issue blocks: `generate`, `check`, `plan` and `provision` stop on errors, not on warnings. */
export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((issue) => issue.severity === 'error');
}

export { lintConfigIssues, assertLintConfig, LINT_SEVERITIES, LINT_SCOPES } from './lint-config.js';
export type { LintConfig, LintExclusion, LintScope, LintSeverity } from './lint-config.js';
export { LINT_RULES, LINT_RULE_IDS, type LintRuleId, type LintRuleInfo } from './rules-catalog.js';
export { dashboardSchemaViolations, type SchemaViolation } from './schema.js';
export { parsePromql, type ParsedPromql, type PromqlSyntaxError } from './promql/parse-promql.js';
export { substituteVariables } from './promql/substitute-variables.js';
export { githubSlug, markdownAnchors } from './runbooks.js';
export { parsePrometheusDuration } from './prometheus-duration.js';
