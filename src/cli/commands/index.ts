import type { LazyCommand } from '../command.js';

/**
 * Every built-in CLI verb, in the order `--help` lists them (a project's config may add its own after them). Each
 * lives in its own file in this folder; its name, usage and description are repeated here so that listing the verbs
 * loads none of them (test/cli/verbs.test.ts holds the two in step). Add one entry per verb.
 */
export const builtInVerbs: readonly LazyCommand[] = [
  {
    name: 'init', usage: 'init [dir]',
    describe: 'Start a project: a config, one dashboard and one alert rule on your metric, its runbook, npm scripts',
    load: async () => (await import('./init.js')).initCommand,
  },
  {
    name: 'generate',
    describe: 'Validate the definitions and write provisioning/ (dashboards JSON, alerting and datasource YAML)',
    load: async () => (await import('./generate.js')).generateCommand,
  },
  {
    name: 'check',
    describe: 'Validate the definitions and fail if provisioning/ is stale (differs from what they generate)',
    load: async () => (await import('./check.js')).checkCommand,
  },
  {
    name: 'plan',
    describe: 'Show what provision would change in Grafana (create / update / delete / drift), without writing',
    load: async () => (await import('./plan.js')).planCommand,
  },
  {
    name: 'provision',
    describe: 'Push the definitions to Grafana: create, update (and with --prune delete) only what differs',
    load: async () => (await import('./provision.js')).provisionCommand,
  },
  {
    name: 'diff', usage: 'diff [files..]',
    describe: 'Show what changed, per panel and per rule: committed artifacts at a git ref vs the definitions, Grafana vs the definitions (--live), or two files',
    load: async () => (await import('./diff.js')).diffCommand,
  },
  {
    name: 'annotate', usage: 'annotate <action>',
    describe: "Mark events on your dashboards (point or region annotations), replay the local journal, or watch a level gauge's changes",
    load: async () => (await import('./annotate.js')).annotateCommand,
  },
];
