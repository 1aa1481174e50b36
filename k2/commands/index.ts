import type { LazyCommand } from '../../src/index.js';

/**
 * The verbs K2 adds to the k2-grafana CLI, registered by k2-grafana.config.ts (`commands: k2Commands`). `--help`
 * lists them after the built-in verbs, in this order. Each is loaded only when it runs, so the config (read on every
 * start) stays light; names and descriptions are repeated from the verbs' own files (test/k2/commands.test.ts).
 */
export const k2Commands: readonly LazyCommand[] = [
  {
    name: 'demo-target',
    describe: "Run the K2 demo target: a model of K2's pipeline exporting K2's metrics on /metrics, with failure scenarios on a loopback control endpoint",
    load: async () => (await import('./demo-target.js')).demoTargetCommand,
  },
  {
    name: 'simulate',
    describe: 'Inject a failure (lag, disconnect) or recover, then read k2_degradation_level from Prometheus',
    load: async () => (await import('./simulate.js')).simulateCommand,
  },
  {
    name: 'demo',
    describe: 'Narrated resilience walkthrough: inject lag, watch K2 degrade by tier, recover; every figure read live from Prometheus',
    load: async () => (await import('./demo.js')).demoCommand,
  },
];
