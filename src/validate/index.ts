import type { Issue, ProjectDefinition } from '../model/index.js';

export interface ValidateOptions {
  /** Project root: runbook files and `source` paths are relative to it. */
  readonly rootDir: string;
}

/**
 * Every validation rule over a whole project definition. An empty list means valid.
 * (Placeholder signature: the validation work fills this in.)
 */
export function validateProject(_project: ProjectDefinition, _options: ValidateOptions): Issue[] {
  return [];
}
