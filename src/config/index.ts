// The light entry point (`k2-grafana/config`): what a project's config file imports. It loads nothing heavy, so a
// verb that only needs the config (and `--help`) starts fast.
export {
  defineConfig,
  type ProjectConfig,
  type GrafanaContextConfig,
  type ContextOverrides,
  type LintConfig,
  type LintSeverity,
  type LintExclusion,
  type AnnotationsConfig,
  type LevelWatchConfig,
} from './project-config.js';
