import type { Issue, IssueScope } from '../model/index.js';
import type { LintConfig, LintExclusion, LintScope, LintSeverity } from './lint-config.js';
import type { Finding } from './place.js';
import { LINT_RULES, type LintRuleId } from './rules-catalog.js';

/** Whether an exclusion's scope field holds for a finding's scope. */
const SCOPE_MATCHES: Readonly<Record<LintScope, (wanted: string | number, scope: IssueScope) => boolean>> = {
  dashboard: (uid, scope) => scope.dashboard === uid,
  panel: (titleOrId, scope) => (typeof titleOrId === 'number' ? scope.panel?.id === titleOrId : scope.panel?.title === titleOrId),
  query: (refId, scope) => scope.query === refId,
  alertRule: (uidOrTitle, scope) => scope.alertRule !== undefined && (scope.alertRule.uid === uidOrTitle || scope.alertRule.title === uidOrTitle),
};

/** The severity `lint` gives a rule: its own setting, else the catalog's default. */
export function ruleSeverity(rule: LintRuleId, lint: LintConfig = {}): LintSeverity {
  return lint.rules?.[rule] ?? LINT_RULES[rule].severity;
}

/** Whether `exclusion` silences `finding`: same rule, and every scope field it sets matches (none set: everywhere). */
export function excludes(exclusion: LintExclusion, finding: Finding): boolean {
  if (exclusion.rule !== finding.rule) return false;
  return (Object.keys(SCOPE_MATCHES) as LintScope[]).every((scope) => {
    const wanted = exclusion[scope];
    return wanted === undefined || SCOPE_MATCHES[scope](wanted, finding.scope);
  });
}

/**
 * The findings `lint` lets through, in their order, each with its severity: rules set to `off` and excluded findings
 * are dropped. `lint` is taken as valid (see lintConfigIssues).
 */
export function applyLintPolicy(findings: readonly Finding[], lint: LintConfig = {}): Issue[] {
  const issues: Issue[] = [];
  for (const finding of findings) {
    const severity = ruleSeverity(finding.rule, lint);
    if (severity === 'off') continue;
    if (lint.exclusions?.some((exclusion) => excludes(exclusion, finding))) continue;
    issues.push({ ...finding, severity: severity === 'warn' ? 'warning' : 'error' });
  }
  return issues;
}
