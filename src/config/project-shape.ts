import type { ProjectDefinition } from '../model/index.js';

/** The list fields of a project, each optional: a project declares only the kinds it uses. */
const listFields = ['folders', 'datasources', 'dashboards', 'ruleGroups', 'contactPoints', 'policies', 'knownMetrics'] as const satisfies readonly (keyof ProjectDefinition)[];

/**
 * Problems with what a definitions module exports as `project`, each naming the field. Checked before anything
 * reads the project, so a wrong shape is the user's error (exit 1), never a crash inside k2-grafana.
 */
export function projectShapeIssues(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return ['no `project` export (export const project: ProjectDefinition = { name, dashboards, ... })'];
  }
  const project = value as Record<string, unknown>;
  const issues: string[] = [];
  if (typeof project.name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(project.name)) {
    issues.push('project.name: required, a short name (letters, digits, _ . -) used in the ownership marker');
  }
  for (const field of listFields) {
    const list = project[field];
    if (list === undefined) continue;
    if (!Array.isArray(list)) issues.push(`project.${field}: must be an array`);
    else list.forEach((entry, i) => {
      const ok = field === 'knownMetrics' ? typeof entry === 'string' : typeof entry === 'object' && entry !== null && !Array.isArray(entry);
      if (!ok) issues.push(`project.${field}[${i}]: must be ${field === 'knownMetrics' ? 'a metric name' : 'an object'}`);
    });
  }
  if (project.runbooksFile !== undefined && typeof project.runbooksFile !== 'string') issues.push('project.runbooksFile: must be a path');
  return issues;
}

/** The project with every list a kind reads present (empty when the module leaves it out). */
export function withEmptyLists(project: ProjectDefinition): ProjectDefinition {
  const empty = Object.fromEntries(listFields.map((field) => [field, []]));
  return { ...empty, ...project } as ProjectDefinition;
}
