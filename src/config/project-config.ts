import type { CommandEntry } from '../cli/command.js';
import type { LintConfig } from '../validate/lint-config.js';

/**
 * One project's k2-grafana config (`k2-grafana.config.ts` in the project's root), typed by `defineConfig`.
 * Paths are relative to the config file's folder. Everything here is the project's choice; nothing falls back to
 * any other project's definitions.
 */
export interface ProjectConfig {
  /** The definitions module: exports `project` (and optionally `prometheusRules`). */
  readonly definitions: string;
  /**
   * The generated index `k2-grafana import` writes (never hand-edited): its dashboards, alerting objects and lint
   * exclusions are merged into the definitions' project when it exists. @default '<definitions folder>/imported/index.ts'
   */
  readonly imported?: string;
  /** Where generated files go. @default 'provisioning' */
  readonly out?: string;
  /** The house lint policy: per-rule severity and scoped exclusions (see docs/validate.md). */
  readonly lint?: LintConfig;
  /** Grafana instances by name (`--context NAME`). */
  readonly contexts?: Readonly<Record<string, GrafanaContextConfig>>;
  /** The context used when `--context` is not given (a single context is the default on its own). */
  readonly defaultContext?: string;
  /** What `annotate` stamps on every annotation and what `annotate watch` follows. */
  readonly annotations?: AnnotationsConfig;
  /** Verbs this project adds to the CLI (listed by `--help` after the built-in ones). */
  readonly commands?: readonly CommandEntry[];
}

/** One Grafana instance. Credentials are never in the config: only the names of the variables that hold them. */
export interface GrafanaContextConfig {
  readonly url: string;
  /** Sent as `X-Grafana-Org-Id`. @default the credentials' own org */
  readonly orgId?: number;
  /** Variable holding a service-account token. @default 'GRAFANA_TOKEN' */
  readonly tokenEnv?: string;
  /** Variables holding basic-auth credentials, when no token is set. @default 'GRAFANA_USER' / 'GRAFANA_PASSWORD' */
  readonly userEnv?: string;
  readonly passwordEnv?: string;
  /** Applied to the resources at push time only: `plan` shows them; `provisioning/` never holds them. */
  readonly overrides?: ContextOverrides;
  /** Which API dashboards, folders and the policy tree use here (`--api` wins). @default 'auto' */
  readonly api?: 'classic' | 'app-platform' | 'auto';
  /** App-platform namespace (`--namespace` wins), e.g. a Grafana Cloud stack's `stacks-<id>`. @default from orgId */
  readonly namespace?: string;
}

export interface ContextOverrides {
  /** Datasource uid in the definitions -> the uid this instance uses. */
  readonly datasourceUids?: Readonly<Record<string, string>>;
  /** Put before every folder title on this instance, e.g. `"[staging] "`. */
  readonly folderPrefix?: string;
}

/** The lint policy's shape lives with the validator that applies it (src/validate/lint-config.ts). */
export type { LintConfig, LintExclusion, LintSeverity } from '../validate/lint-config.js';

export interface AnnotationsConfig {
  /** Tags added to every annotation `annotate emit|open|close` writes. @default [] */
  readonly tags?: readonly string[];
  /** Journal file, relative to the config folder. @default '.k2-grafana/annotations.journal' */
  readonly journal?: string;
  /** `annotate watch`: a gauge whose value changes are annotated. */
  readonly watch?: LevelWatchConfig;
}

export interface LevelWatchConfig {
  /** Series selector of the gauge, e.g. `app_health_level{job="api"}`. */
  readonly selector: string;
  /** What the annotation text calls the gauge: `<subject> rose: OK -> WARN`. @default the selector's metric name */
  readonly subject?: string;
  /** Display name per value, e.g. `{ 0: 'OK', 1: 'WARN', 2: 'DOWN' }`; other values print as numbers. */
  readonly levels?: Readonly<Record<number, string>>;
  /** Tags on every level-change annotation (instead of `tags`). */
  readonly tags?: readonly string[];
}

/** Identity at run time; gives the config its type in the user's editor. */
export function defineConfig(config: ProjectConfig): ProjectConfig {
  return config;
}
