import type { CliCommand } from '../command.js';
import { checkCommand } from './check.js';
import { generateCommand } from './generate.js';
import { annotateCommand } from './annotate.js';
import { planCommand } from './plan.js';
import { provisionCommand } from './provision.js';
import { diffCommand } from './diff.js';
import { initCommand } from './init.js';

/**
 * Every built-in CLI verb, in the order `--help` lists them (a project's config may add its own after them). Each lives in its own file in this folder.
 * (Add one import and one entry per verb.)
 */
export const commands: CliCommand<any>[] = [
  initCommand,
  generateCommand,
  checkCommand,
  planCommand,
  provisionCommand,
  diffCommand,
  annotateCommand,
];
