import type { LintRuleId } from '../validate/rules-catalog.js';

/** `error` blocks generate, check, plan and provision; `warning` is printed and blocks nothing. */
export type IssueSeverity = 'error' | 'warning';

/**
 * The ids a finding sits under, for lint exclusions to match (see LintExclusion); `where` is the same place for people.
 * A field is set only where the finding is inside such an object.
 */
export interface IssueScope {
  /** Dashboard uid. */
  readonly dashboard?: string;
  readonly panel?: { readonly id?: number; readonly title?: string };
  /** Query refId, in a panel or an alert rule. */
  readonly query?: string;
  readonly alertRule?: { readonly uid?: string; readonly title?: string };
}

/** One validation finding. `where` reads outermost first: [file, dashboard or rule, panel, query]. */
export interface Issue {
  readonly where: readonly string[];
  readonly message: string;
  /** Id of the rule that produced it, e.g. `promql-parse`, `gridpos-overlap` (docs/validate.md lists them). */
  readonly rule: LintRuleId;
  /** As the project's lint policy sets it for `rule` (findings of rules that are off are not reported). */
  readonly severity: IssueSeverity;
  readonly scope: IssueScope;
}

/** `dashboards/checkout.ts > panel "Request rate" > query A: PromQL parse error at column 17: ...` */
export function formatIssue(issue: Pick<Issue, 'where' | 'message'>): string {
  return `${issue.where.join(' > ')}: ${issue.message}`;
}
