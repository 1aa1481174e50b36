import { isK2GrafanaError } from '../errors.js';
import { exitCodeForError, type ExitCode } from './exit-codes.js';
import type { CliIO } from './io.js';

/** Print an error the way every command does (its listed problems, message, then hint) and return its exit code. */
export function reportError(error: unknown, io: CliIO): ExitCode {
  if (isK2GrafanaError(error)) {
    const issues = (error as { issues?: unknown }).issues;
    if (Array.isArray(issues)) for (const issue of issues) io.stderr(`${String(issue)}\n`);
    io.stderr(`error: ${error.message}\n`);
    if (error.hint) io.stderr(`hint: ${error.hint}\n`);
    return exitCodeForError[error.code];
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`internal error: ${message}\nhint: This is a k2-grafana bug; please report it with the command you ran.\n`);
  return exitCodeForError.internal;
}
