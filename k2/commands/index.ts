import type { LazyCommand } from '../../src/index.js';

/** What `--help` lists of each K2 verb, written once: each verb's file spreads `listed(name)` into its command. */
const listing = {
  'demo-target': { describe: "Run the K2 demo target: a model of K2's pipeline exporting K2's metrics on /metrics, with failure scenarios on a loopback control endpoint" },
  'simulate': { describe: 'Inject a failure (lag, disconnect) or recover, then read k2_degradation_level from Prometheus' },
  'demo': { describe: 'Narrated resilience walkthrough: inject lag, watch K2 degrade by tier, recover; every figure read live from Prometheus' },
} as const satisfies Record<string, { readonly describe: string }>;

export function listed(name: keyof typeof listing): { readonly name: string; readonly describe: string } {
  return { name, ...listing[name] };
}

/**
 * The verbs K2 adds to the k2-grafana CLI, registered by k2-grafana.config.ts (`commands: k2Commands`). `--help`
 * lists them after the built-in verbs, in this order. Each is loaded only when it runs, so the config (read on every
 * start) stays light.
 */
export const k2Commands: readonly LazyCommand[] = [
  { ...listed('demo-target'), load: async () => (await import('./demo-target.js')).demoTargetCommand },
  { ...listed('simulate'), load: async () => (await import('./simulate.js')).simulateCommand },
  { ...listed('demo'), load: async () => (await import('./demo.js')).demoCommand },
];
