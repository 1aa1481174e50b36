/** One validation finding. `where` reads outermost first: [file, dashboard or rule, panel, query]. */
export interface Issue {
  readonly where: readonly string[];
  readonly message: string;
  /** Short id of the rule that produced it, e.g. `promql-parse`, `gridpos-overlap`. */
  readonly rule: string;
}

/** `dashboards/checkout.ts > panel "Request rate" > query A: PromQL parse error at column 17: ...` */
export function formatIssue(issue: Issue): string {
  return `${issue.where.join(' > ')}: ${issue.message}`;
}
