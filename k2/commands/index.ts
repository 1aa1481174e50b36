import type { CliCommand } from '../../src/index.js';
import { demoTargetCommand } from './demo-target.js';
import { demoCommand } from './demo.js';
import { simulateCommand } from './simulate.js';

/**
 * The verbs K2 adds to the k2-grafana CLI, registered by k2-grafana.config.ts (`commands: k2Commands`). `--help`
 * lists them after the built-in verbs, in this order.
 */
export const k2Commands: CliCommand<any>[] = [demoTargetCommand, simulateCommand, demoCommand];
