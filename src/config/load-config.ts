import type { ProjectConfig } from './project-config.js';

/** A config as loaded: the object, the file it came from, and the folder its relative paths start from. */
export interface LoadedConfig {
  readonly config: ProjectConfig;
  /** Absolute path of the config file. */
  readonly path: string;
  /** Its folder: `definitions`, `out` and `journal` are relative to it. */
  readonly dir: string;
}
