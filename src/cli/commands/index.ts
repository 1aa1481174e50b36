import type { CliCommand } from '../command.js';
import { demoTargetCommand } from './demo-target.js';
import { simulateCommand } from './simulate.js';
import { checkCommand } from './check.js';
import { generateCommand } from './generate.js';
import { annotateCommand } from './annotate.js';
import { demoCommand } from './demo.js';
import { planCommand } from './plan.js';
import { provisionCommand } from './provision.js';
import { diffCommand } from './diff.js';
import { initCommand } from './init.js';

/**
 * Every CLI verb, in the order `--help` lists them. Each lives in its own file in this folder.
 * (Add one import and one entry per verb.)
 */
export const commands: CliCommand<any>[] = [
  initCommand,
  demoTargetCommand,
  simulateCommand,
  generateCommand,
  checkCommand,
  planCommand,
  provisionCommand,
  diffCommand,
  annotateCommand,
  demoCommand,
];
