#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { loadConfig, type LoadedConfig } from '../config/load-config.js';
import { ConfigError, UsageError } from '../errors.js';
import { isLazyCommand, type CliCommand, type CommandContext } from './command.js';
import { builtInVerbs } from './commands/index.js';
import { ExitCode } from './exit-codes.js';
import { processIO, type CliIO } from './io.js';
import { reportError } from './report-error.js';

/** Verbs that must run without a project config (they create one). */
const WITHOUT_CONFIG = new Set(['init']);

/** Parse argv, run one verb, return its exit code. Usage errors exit 64, not yargs' default 1. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const verb = firstPositional(argv);
  // Known before yargs parses (a parse error must answer in JSON too, when JSON was asked for).
  const json = wantsJson(argv);
  const early = verb === undefined ? undefined : { name: verb, flags: new Set<string>(), json };
  const helpOnly = verb === undefined || argv.includes('--help') || argv.includes('-h');
  let config: LoadedConfig | undefined;
  if (verb === undefined || !WITHOUT_CONFIG.has(verb)) {
    try {
      config = await loadConfig({ cwd: io.cwd, ...optionValue(argv, 'config') });
    } catch (error) {
      // Help must still be reachable with a broken config (to find out how to fix it); nothing else runs on one.
      if (!helpOnly) return reportError(error, io, early);
      io.stderr(`warning: ${(error as Error).message.split('\n')[0]}; its verbs are not listed\n`);
    }
  }
  let commands: readonly CliCommand<any>[];
  try {
    commands = await withProjectCommands(verb, config);
  } catch (error) {
    return reportError(error, io, early);
  }
  const context: CommandContext = config ? { config } : {};

  let exitCode: number = ExitCode.Ok;
  let usageError: string | undefined;
  const parser = yargs(argv)
    .scriptName('k2-grafana')
    .usage('$0 <command> [options]')
    .option('config', { type: 'string', global: true, describe: 'Project config file (default: k2-grafana.config.ts here or above, up to the nearest package.json)' })
    .strict()
    .demandCommand(1, 'Name a command; see --help.')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(false)
    .wrap(Math.min(110, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((msg, err) => {
      if (err) throw err;
      // Throwing stops yargs before the command's handler runs: a bad flag must never half-run a command.
      usageError = msg;
      throw new UsageError(msg);
    })
    .epilog(
      'Exit codes: 0 ok, 1 invalid or stale, 2 changes pending, 3 unreachable/unauthorised/forbidden, 4 partial failure, ' +
        '64 usage, 66 missing input, 70 k2-grafana bug, 73 cannot write output, 74 I/O error, 78 config error, 130/143 interrupted.' +
        (config ? `\nConfig: ${config.path}` : ''),
    );
  for (const command of commands) {
    let flags = new Set<string>();
    parser.command(
      command.usage ?? command.name,
      command.describe,
      (y) => {
        let built = command.builder(y);
        for (const [example, description] of command.examples ?? []) built = built.example(example, description);
        // The verb's own options: hints printed for it name only these (hints.ts).
        // (yargs has getOptions() at run time; @types/yargs does not declare it.)
        flags = new Set(Object.keys((built as unknown as { getOptions(): { key: Record<string, unknown> } }).getOptions().key));
        return built;
      },
      async (args) => {
        const verbInfo = { name: command.name, flags, json: args.output === 'json' || args.format === 'json' };
        try {
          exitCode = await command.run(args as never, io, { ...context, verb: verbInfo });
        } catch (error) {
          exitCode = reportError(error, io, verbInfo);
        }
      },
    );
  }
  try {
    // The callback form hands --help text to us (io.stdout) instead of yargs printing to the process.
    await parser.parseAsync(argv, {}, (_err, _args, output) => {
      if (output && usageError === undefined) io.stdout(output.endsWith('\n') ? output : `${output}\n`);
    });
  } catch (error) {
    if (usageError !== undefined) {
      if (json) io.stdout(`${JSON.stringify({ ok: false, error: { code: 'usage', message: usageError, hint: 'run k2-grafana <command> --help', exitCode: ExitCode.Usage } }, null, 2)}\n`);
      io.stderr(`error: ${usageError}\nhint: run k2-grafana <command> --help\n`);
      return ExitCode.Usage;
    }
    return reportError(error, io, early);
  }
  return exitCode;
}

/**
 * The built-in verbs, then the project's own; a project verb may not shadow a built-in one. Only the verb about to
 * run is loaded; the others are listed by name and description (all `--help` needs).
 */
async function withProjectCommands(verb: string | undefined, config: LoadedConfig | undefined): Promise<readonly CliCommand<any>[]> {
  const own = config?.config.commands ?? [];
  const taken = new Set(builtInVerbs.map((v) => v.name));
  for (const command of own) {
    if (taken.has(command.name)) {
      throw new ConfigError(`config ${config!.path}: command "${command.name}" is already a k2-grafana verb`, 'Give the project verb another name.', { file: config!.path });
    }
    taken.add(command.name);
  }
  return Promise.all(
    [...builtInVerbs, ...own].map(async (entry): Promise<CliCommand<any>> => {
      if (!isLazyCommand(entry)) return entry;
      if (entry.name === verb) return entry.load();
      return { name: entry.name, ...(entry.usage ? { usage: entry.usage } : {}), describe: entry.describe, builder: (y) => y, run: async () => ExitCode.Internal };
    }),
  );
}

/** The verb: the first word that is neither a flag nor the value of a flag placed before it. */
function firstPositional(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--config' || arg === '--context') i += 1;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/** `--output json` / `--format json` (either spelling) in raw argv. */
function wantsJson(argv: readonly string[]): boolean {
  return argv.some((arg, i) => /^--(output|format)=json$/.test(arg) || (/^--(output|format)$/.test(arg) && argv[i + 1] === 'json'));
}

/** `--name value` or `--name=value` from raw argv (read before yargs runs, since the config decides the verbs). */
function optionValue(argv: readonly string[], name: string): { path?: string } {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === `--${name}` && argv[i + 1] !== undefined) return { path: argv[i + 1]! };
    if (arg.startsWith(`--${name}=`)) return { path: arg.slice(name.length + 3) };
  }
  return {};
}

/** Run as a process: argv in, exit code out (the bin calls this; so does `tsx src/cli/main.ts`). */
export async function runMain(): Promise<void> {
  try {
    process.exitCode = await runCli(hideBin(process.argv), processIO());
  } catch (error) {
    process.exitCode = reportError(error, processIO());
  }
}

const invokedDirectly = process.argv[1] !== undefined && /(?:^|[\\/])main\.(?:ts|js)$/.test(process.argv[1]);
if (invokedDirectly) await runMain();
