import type { Argv } from 'yargs';
import type { ExitCode } from './exit-codes.js';
import type { CliIO } from './io.js';

/**
 * Every verb has the same shape: flags declared in `builder`, work done by `run` as a thin layer over library
 * calls, returning an exit code. One file per verb under commands/.
 */
export interface CliCommand<Args = Record<string, unknown>> {
  readonly name: string;
  /** yargs command string, e.g. `diff [files..]`. Defaults to name. */
  readonly usage?: string;
  readonly describe: string;
  readonly examples?: ReadonlyArray<readonly [string, string]>;
  builder(yargs: Argv): Argv;
  run(args: Args, io: CliIO): Promise<ExitCode>;
}

export function defineCommand<Args>(command: CliCommand<Args>): CliCommand<Args> {
  return command;
}
