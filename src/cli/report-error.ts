import { K2GrafanaError } from '../errors.js';
import { ExitCode, exitCodeForError } from './exit-codes.js';
import type { CliIO } from './io.js';

/** Print an error the way every command does (message, then hint) and return its exit code. */
export function reportError(error: unknown, io: CliIO): ExitCode {
  if (error instanceof K2GrafanaError) {
    io.stderr(`error: ${error.message}\n`);
    if (error.hint) io.stderr(`hint: ${error.hint}\n`);
    return exitCodeForError[error.code] ?? ExitCode.Internal;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`internal error: ${message}\nhint: This is a k2-grafana bug; please report it with the command you ran.\n`);
  return ExitCode.Internal;
}
