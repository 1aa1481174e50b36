import type { Issue } from '../model/issues.js';
import { LINT_RULES } from '../validate/rules-catalog.js';
import type { LintExclusion } from '../validate/lint-config.js';

export const IMPORTED_REASON = 'imported; not yet reviewed';

/**
 * One exclusion per finding of an imported object, scoped as narrowly as the rule allows (dashboard, panel, query, or
 * alert rule), so `check` passes after an import and the team clears them one by one. Undefined when the rule cannot
 * be scoped to the object (then the finding is reported and stays).
 */
export function exclusionFor(issue: Issue): LintExclusion | undefined {
  const allowed = new Set(LINT_RULES[issue.rule].scopes);
  const scope = issue.scope;
  const out: { -readonly [K in keyof LintExclusion]?: LintExclusion[K] } = { rule: issue.rule, reason: IMPORTED_REASON };
  if (scope.alertRule && allowed.has('alertRule')) out.alertRule = scope.alertRule.uid ?? scope.alertRule.title!;
  if (scope.dashboard && allowed.has('dashboard')) out.dashboard = scope.dashboard;
  const panel = scope.panel?.id ?? scope.panel?.title;
  if (panel !== undefined && allowed.has('panel') && !out.alertRule) out.panel = panel;
  if (scope.query && allowed.has('query') && (out.panel !== undefined || out.alertRule)) out.query = scope.query;
  if (out.dashboard === undefined && out.alertRule === undefined && out.panel === undefined) return undefined;
  return out as LintExclusion;
}

/** The same exclusion once, in a stable order. */
export function uniqueExclusions(list: readonly LintExclusion[]): LintExclusion[] {
  const seen = new Map<string, LintExclusion>();
  for (const e of list) seen.set(JSON.stringify(e), e);
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
}
