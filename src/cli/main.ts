#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { commands } from './commands/index.js';
import { UsageError } from '../errors.js';
import { ExitCode } from './exit-codes.js';
import { processIO, type CliIO } from './io.js';
import { reportError } from './report-error.js';

/** Parse argv, run one verb, return its exit code. Usage errors exit 64, not yargs' default 1. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  let usageError: string | undefined;
  const parser = yargs(argv)
    .scriptName('k2-grafana')
    .usage('$0 <command> [options]')
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
    .epilog('Exit codes: 0 ok, 1 invalid or stale, 2 changes pending, 3 unreachable/unauthorised/forbidden, 4 partial failure, 64 usage.');
  for (const command of commands) {
    parser.command(
      command.usage ?? command.name,
      command.describe,
      (y) => {
        let built = command.builder(y);
        for (const [example, description] of command.examples ?? []) built = built.example(example, description);
        return built;
      },
      async (args) => {
        try {
          exitCode = await command.run(args as never, io, {});
        } catch (error) {
          exitCode = reportError(error, io);
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
      io.stderr(`error: ${usageError}\nhint: run k2-grafana <command> --help\n`);
      return ExitCode.Usage;
    }
    return reportError(error, io);
  }
  return exitCode;
}

const invokedDirectly = process.argv[1] !== undefined && /(?:^|[\\/])(?:main\.(?:ts|js)|k2-grafana)$/.test(process.argv[1]);
if (invokedDirectly) {
  runCli(hideBin(process.argv), processIO()).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.exitCode = reportError(error, processIO());
    },
  );
}
