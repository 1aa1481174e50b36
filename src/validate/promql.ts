import type { ProjectDefinition } from '../model/index.js';
import { closestName } from './closest-name.js';
import { finding, type Finding } from './place.js';
import { collectPromql } from './promql/collect-promql.js';
import { parsePromql, type PromqlSyntaxError } from './promql/parse-promql.js';

/**
 * PromQL rules: every expression parses (rule `promql-parse`), uses range vectors only where Prometheus accepts them
 * (rule `promql-type`), and names only metrics in the project's `knownMetrics` (rule `promql-unknown-metric`).
 * A query that does not parse is not searched for metric names.
 */
export function checkPromql(project: ProjectDefinition): Finding[] {
  const known = new Set(project.knownMetrics);
  const issues: Finding[] = [];
  for (const site of collectPromql(project)) {
    const { error, typeError, metricNames } = parsePromql(site.expr);
    if (error) {
      issues.push(finding(site, 'promql-parse', `PromQL parse error at ${position(error, site.columnOffset)}: ${error.message}`));
      continue;
    }
    if (typeError) {
      issues.push(finding(site, 'promql-type', `PromQL type error at ${position(typeError, site.columnOffset)}: ${typeError.message}`));
    }
    for (const name of metricNames) {
      if (known.has(name)) continue;
      const suggestion = closestName(name, project.knownMetrics);
      issues.push(
        finding(
          site,
          'promql-unknown-metric',
          `metric "${name}" is not a known metric${suggestion ? ` (did you mean "${suggestion}"?)` : ''}: fix the name or add the metric to the catalog`,
        ),
      );
    }
  }
  return issues;
}

/** `column 17`, or `line 2, column 5`; a variable query's prefix (`label_values(`) counts on the first line. */
function position(error: PromqlSyntaxError, columnOffset: number): string {
  return error.line === 1 ? `column ${error.column + columnOffset}` : `line ${error.line}, column ${error.column}`;
}
