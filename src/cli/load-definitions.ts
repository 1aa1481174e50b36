import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PrometheusRuleFile } from '../alerting/index.js';
import type { LoadedConfig } from '../config/load-config.js';
import { resolveFrom } from '../config/load-config.js';
import { packageRootOf } from '../config/find-config.js';
import { importModule } from '../config/import-module.js';
import { projectShapeIssues } from '../kinds/project-shape.js';
import { InvalidDefinitionsError, UsageError } from '../errors.js';
import type { ProjectDefinition } from '../model/index.js';
import { mergeImported, type ImportedParts } from './imported-project.js';

/** What a definitions module hands the CLI. */
export interface LoadedDefinitions {
  readonly project: ProjectDefinition;
  /** Optional `prometheusRules` export: the Prometheus equivalents of the alert rules. */
  readonly prometheusRules?: PrometheusRuleFile;
  /** File the definitions came from. */
  readonly modulePath: string;
  /** What the generated index of `k2-grafana import` added (already merged into `project`), when there is one. */
  readonly imported?: ImportedParts;
  /** The project's root (the config's folder, else the nearest folder with a package.json): `source` and runbook paths are relative to it. */
  readonly rootDir: string;
}

export interface LoadDefinitionsOptions {
  /** `--definitions`: a module path, relative to cwd. Wins over the config's `definitions`. */
  readonly path?: string;
  readonly config?: LoadedConfig;
  readonly cwd: string;
}

/** Where the definitions come from: `--definitions`, else the config. Never anyone else's: none is a usage error. */
export function definitionsPath(options: LoadDefinitionsOptions): string {
  if (options.path !== undefined) return resolveFrom(options.cwd, options.path);
  if (options.config) return resolveFrom(options.config.dir, options.config.config.definitions);
  throw new UsageError(
    `no definitions: no k2-grafana.config.ts in ${options.cwd} or above it (up to the nearest package.json), and no --definitions`,
    'Run `k2-grafana init` to start a project, pass --config <file>, or pass --definitions <module>.',
  );
}

/** Import a definitions module and check it exports a `project` of the right shape. */
export async function loadDefinitions(options: LoadDefinitionsOptions): Promise<LoadedDefinitions> {
  const modulePath = definitionsPath(options);
  const given = options.path !== undefined ? `--definitions ${options.path}` : `definitions "${options.config?.config.definitions}" (${options.config?.path})`;
  if (!existsSync(modulePath)) {
    throw new UsageError(`${given}: no such file ${modulePath}`, 'Point it at a module that exports `project` (see docs/getting-started.md).');
  }
  let loaded: Record<string, unknown>;
  try {
    loaded = await importModule(modulePath);
  } catch (error) {
    const message = ((error as Error).message ?? String(error)).split('\n')[0];
    throw new InvalidDefinitionsError(
      `could not load definitions ${modulePath}: ${message}`,
      [`${modulePath}: ${message}`],
      'Fix the error in the definitions module (run your typecheck, e.g. `npx tsc --noEmit`, for type errors).',
    );
  }
  const issues = loaded.project === undefined
    ? ['no `project` export (export const project: ProjectDefinition = { name, dashboards, ... })']
    : projectShapeIssues(loaded.project);
  if (issues.length > 0) {
    throw new InvalidDefinitionsError(
      `${modulePath} does not export a valid project`,
      issues.map((issue) => `${modulePath}: ${issue}`),
      'Export `project: ProjectDefinition` from the definitions module; the fields named above are wrong or missing.',
    );
  }
  const { project, imported } = await mergeImported(loaded.project as ProjectDefinition, modulePath, options.path === undefined ? options.config : undefined);
  return {
    project,
    ...(imported ? { imported } : {}),
    prometheusRules: loaded.prometheusRules as PrometheusRuleFile | undefined,
    modulePath,
    rootDir: options.config && options.path === undefined ? options.config.dir : packageRootOf(dirname(modulePath)),
  };
}
