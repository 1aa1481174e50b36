import type { LazyCommand } from '../command.js';

/**
 * What `--help` lists of each built-in verb, written once: each verb's own file spreads `listed(name)` into its
 * command, and the list below names the verbs without loading them.
 */
const listing = {
  init: { usage: 'init [dir]', describe: 'Start a project: a config, one dashboard and one alert rule on your metric, its runbook, npm scripts' },
  generate: { describe: 'Validate the definitions and write provisioning/ (dashboards JSON, alerting and datasource YAML)' },
  check: { describe: 'Validate the definitions and fail if provisioning/ is stale (differs from what they generate)' },
  plan: { describe: 'Show what provision would change in Grafana (create / update / delete / drift), without writing' },
  provision: { describe: 'Push the definitions to Grafana: create, update (and with --prune delete) only what differs' },
  diff: { usage: 'diff [files..]', describe: 'Show what changed, per panel and per rule: committed artifacts at a git ref vs the definitions, Grafana vs the definitions (--live), or two files' },
  import: { usage: 'import [inputs..]', describe: 'Turn existing dashboards (files, folders, ConfigMaps, a live Grafana) and alerting files into TypeScript definitions that regenerate them exactly' },
  annotate: { usage: 'annotate <action>', describe: "Mark events on your dashboards (point or region annotations), replay the local journal, or watch a level gauge's changes" },
} as const satisfies Record<string, { readonly usage?: string; readonly describe: string }>;

/** A built-in verb's name, usage and description, for its command and for the list. */
export function listed(name: keyof typeof listing): { readonly name: string; readonly usage?: string; readonly describe: string } {
  return { name, ...listing[name] };
}

/**
 * Every built-in CLI verb, in the order `--help` lists them (a project's config may add its own after them). Each
 * lives in its own file in this folder and is loaded only when it runs. Add one line here and to `listing` per verb.
 */
export const builtInVerbs: readonly LazyCommand[] = [
  { ...listed('init'), load: async () => (await import('./init.js')).initCommand },
  { ...listed('generate'), load: async () => (await import('./generate.js')).generateCommand },
  { ...listed('check'), load: async () => (await import('./check.js')).checkCommand },
  { ...listed('plan'), load: async () => (await import('./plan.js')).planCommand },
  { ...listed('provision'), load: async () => (await import('./provision.js')).provisionCommand },
  { ...listed('diff'), load: async () => (await import('./diff.js')).diffCommand },
  { ...listed('import'), load: async () => (await import('./import.js')).importCommand },
  { ...listed('annotate'), load: async () => (await import('./annotate.js')).annotateCommand },
];
