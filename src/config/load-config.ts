import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { collidingContexts, configShapeIssues } from './config-shape.js';
import { findConfigFile } from './find-config.js';
import { importModule } from './import-module.js';
import type { ProjectConfig } from './project-config.js';

/** A config as loaded: the object, the file it came from, and the folder its relative paths start from. */
export interface LoadedConfig {
  readonly config: ProjectConfig;
  /** Absolute path of the config file. */
  readonly path: string;
  /** Its folder: `definitions`, `out` and `journal` are relative to it. */
  readonly dir: string;
}

export interface LoadConfigOptions {
  readonly cwd: string;
  /** `--config`: an explicit file (relative to cwd); otherwise the config is looked for from cwd up. */
  readonly path?: string;
}

/**
 * Finds and loads the project's config. Undefined when none exists (and none was named): verbs that need one say so.
 * A config that does not load, has the wrong shape, or whose contexts collide is a ConfigError naming the file.
 */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig | undefined> {
  const path = options.path !== undefined ? resolveFrom(options.cwd, options.path) : findConfigFile(options.cwd);
  if (path === undefined) return undefined;
  if (!existsSync(path)) {
    throw new ConfigError(`--config ${options.path}: no such file`, 'Pass the path of a k2-grafana.config.ts, or run `k2-grafana init` to create one.', { file: path });
  }
  let loaded: Record<string, unknown>;
  try {
    loaded = await importModule(path);
  } catch (error) {
    throw new ConfigError(
      `config ${path} does not load: ${firstLine(error)}`,
      'Fix the error in the config file (run your typecheck for type errors).',
      { file: path, cause: error },
    );
  }
  const config = loaded.default ?? loaded.config;
  const issues = [...configShapeIssues(config)];
  if (issues.length === 0) issues.push(...collidingContexts(config as ProjectConfig));
  if (issues.length > 0) {
    throw new ConfigError(
      `config ${path} is invalid:\n${issues.map((i) => `  ${i}`).join('\n')}`,
      'Fix the fields named above; `export default defineConfig({ ... })` gives the expected types in your editor.',
      { file: path },
    );
  }
  return { config: config as ProjectConfig, path, dir: dirname(path) };
}

/** A path given on the command line is relative to the working folder; one in the config, to the config's folder. */
export function resolveFrom(base: string, path: string): string {
  return isAbsolute(path) ? path : resolve(base, path);
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
