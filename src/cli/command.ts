import type { Argv } from 'yargs';
import type { LoadedConfig } from '../config/load-config.js';
import type { ExitCode } from './exit-codes.js';
import type { VerbInfo } from './hints.js';
import type { CliIO } from './io.js';

/** What every verb is handed besides its flags: the project config, when one was found. */
export interface CommandContext {
  /** The project's config (`k2-grafana.config.ts`, or `--config`); undefined when none was found. */
  readonly config?: LoadedConfig;
  /** The verb being run (its flags and output format), so errors are reported for it: see report-error.ts. */
  readonly verb?: VerbInfo;
}

/**
 * Every verb has the same shape: flags declared in `builder`, work done by `run` as a thin layer over library
 * calls, returning an exit code. Built-in verbs live one per file under commands/; a project's config may add its own.
 */
export interface CliCommand<Args = Record<string, unknown>> {
  readonly name: string;
  /** yargs command string, e.g. `diff [files..]`. Defaults to name. */
  readonly usage?: string;
  readonly describe: string;
  readonly examples?: ReadonlyArray<readonly [string, string]>;
  builder(yargs: Argv): Argv;
  run(args: Args, io: CliIO, context: CommandContext): Promise<ExitCode>;
}

export function defineCommand<Args>(command: CliCommand<Args>): CliCommand<Args> {
  return command;
}

/**
 * A verb known by name and description, loaded only when it runs: `--help` and every other verb then never load
 * it (or what it imports). The built-in verbs are listed this way; a config may list its own the same way.
 */
export interface LazyCommand {
  readonly name: string;
  readonly usage?: string;
  readonly describe: string;
  readonly load: () => Promise<CliCommand<any>>;
}

/** What a command list holds: a verb, or one to load when it runs. */
export type CommandEntry = CliCommand<any> | LazyCommand;

export function isLazyCommand(entry: CommandEntry): entry is LazyCommand {
  return typeof (entry as LazyCommand).load === 'function';
}
