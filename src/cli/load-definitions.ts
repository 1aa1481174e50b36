import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { PrometheusRuleFile } from '../alerting/index.js';
import { InvalidDefinitionsError, UsageError } from '../errors.js';
import type { ProjectDefinition } from '../model/index.js';

/**
 * The definitions shipped with this package (the K2 ones), resolved relative to this file so it works both under
 * tsx (src/cli -> dashboards/index.ts) and from the compiled package (dist/src/cli -> dist/dashboards/index.js).
 */
export const defaultDefinitionsUrl: URL = new URL('../../dashboards/index.js', import.meta.url);

/** What a definitions module hands the CLI. */
export interface LoadedDefinitions {
  readonly project: ProjectDefinition;
  /** Optional `prometheusRules` export: the Prometheus equivalents of the alert rules. */
  readonly prometheusRules?: PrometheusRuleFile;
  /** File the definitions came from. */
  readonly modulePath: string;
  /** Nearest directory above the module holding a package.json: `source` and runbook paths are relative to it. */
  readonly rootDir: string;
}

export interface LoadDefinitionsOptions {
  /** `--definitions`: a module path, relative to cwd. Defaults to the package's own definitions. */
  readonly path?: string;
  readonly cwd: string;
}

/** Import a definitions module and check it exports a `project`. */
export async function loadDefinitions(options: LoadDefinitionsOptions): Promise<LoadedDefinitions> {
  const url = options.path === undefined ? defaultDefinitionsUrl : pathToFileURL(resolveModulePath(options.path, options.cwd));
  const modulePath = fileURLToPath(url);
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(url.href)) as Record<string, unknown>;
  } catch (error) {
    if (options.path !== undefined && !existsSync(modulePath) && !existsSync(modulePath.replace(/\.js$/, '.ts'))) {
      throw new UsageError(`--definitions ${options.path}: no such file`, 'Pass the path of a module that exports `project`.');
    }
    throw new InvalidDefinitionsError(
      `could not load definitions ${modulePath}: ${(error as Error).message}`,
      [`${modulePath}: ${(error as Error).message}`],
      'Fix the error in the definitions module (run `npx tsc --noEmit` for type errors).',
    );
  }
  const project = loaded.project as ProjectDefinition | undefined;
  if (!project || typeof project !== 'object' || !Array.isArray(project.dashboards)) {
    throw new InvalidDefinitionsError(
      `${modulePath} does not export a project`,
      [`${modulePath}: no \`project\` export`],
      'Export `project: ProjectDefinition` from the definitions module.',
    );
  }
  return {
    project,
    prometheusRules: loaded.prometheusRules as PrometheusRuleFile | undefined,
    modulePath,
    rootDir: packageRootOf(dirname(modulePath)),
  };
}

function resolveModulePath(path: string, cwd: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}

function packageRootOf(start: string): string {
  let current = start;
  for (;;) {
    if (existsSync(resolve(current, 'package.json'))) return current;
    const parent = dirname(current);
    if (parent === current) return start;
    current = parent;
  }
}
