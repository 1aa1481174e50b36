import type { Issue, ProjectDefinition } from '../model/index.js';
import { closestName } from './closest-name.js';
import { collectPromql } from './promql/collect-promql.js';
import { parsePromql } from './promql/parse-promql.js';

/**
 * PromQL rules: every expression parses (rule `promql-parse`) and every metric it names is one of the project's
 * `knownMetrics` (rule `promql-unknown-metric`). One issue per query: a query that does not parse is not searched.
 */
export function checkPromql(project: ProjectDefinition): Issue[] {
  const known = new Set(project.knownMetrics);
  const issues: Issue[] = [];
  for (const site of collectPromql(project)) {
    const { error, metricNames } = parsePromql(site.expr);
    if (error) {
      const column = error.line === 1 ? error.column + site.columnOffset : error.column;
      const position = error.line === 1 ? `column ${column}` : `line ${error.line}, column ${column}`;
      issues.push({ where: site.where, message: `PromQL parse error at ${position}: ${error.message}`, rule: 'promql-parse' });
      continue;
    }
    for (const name of metricNames) {
      if (known.has(name)) continue;
      const suggestion = closestName(name, project.knownMetrics);
      issues.push({
        where: site.where,
        message:
          `metric "${name}" is not a known metric${suggestion ? ` (did you mean "${suggestion}"?)` : ''}: ` +
          'fix the name or add the metric to the catalog',
        rule: 'promql-unknown-metric',
      });
    }
  }
  return issues;
}
