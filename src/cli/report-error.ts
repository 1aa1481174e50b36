import { isK2GrafanaError } from '../errors.js';
import { exitCodeForError, type ExitCode } from './exit-codes.js';
import { hintFor, type VerbInfo } from './hints.js';
import type { CliIO } from './io.js';

/**
 * Print an error the way every command does (its listed problems, message, then hint) and return its exit code.
 * With `--output json` a JSON error object also goes to stdout, so a machine reading stdout never gets nothing.
 * `note` is one more line for people, e.g. "nothing was written to Grafana"; `exitCode` overrides the table's
 * (a failed read before any write is exit 3 whatever its status).
 */
export function reportError(error: unknown, io: CliIO, verb?: VerbInfo, options: { note?: string; exitCode?: ExitCode } = {}): ExitCode {
  const known = isK2GrafanaError(error);
  const code = known ? error.code : 'internal';
  const exitCode = options.exitCode ?? exitCodeForError[code];
  const note = options.note;
  const message = known ? error.message : `internal error: ${error instanceof Error ? error.message : String(error)}`;
  const hint = known ? hintFor(error, verb) : 'This is a k2-grafana bug; please report it with the command you ran.';
  if (verb?.json) {
    const details = known && typeof (error as { toJSON?: unknown }).toJSON === 'function' ? ((error as unknown as { toJSON(): Record<string, unknown> }).toJSON()) : {};
    const issues = (error as { issues?: unknown } | undefined)?.issues;
    io.stdout(`${JSON.stringify({ ok: false, error: { ...details, code, message, hint, exitCode, ...(Array.isArray(issues) ? { issues: issues.map(String) } : {}) } }, null, 2)}\n`);
  }
  if (known) {
    const issues = (error as { issues?: unknown }).issues;
    if (Array.isArray(issues)) for (const issue of issues) io.stderr(`${String(issue)}\n`);
    io.stderr(`error: ${message}\n`);
  } else io.stderr(`${message}\n`);
  if (hint) io.stderr(`hint: ${hint}\n`);
  if (note) io.stderr(`${note}\n`);
  return exitCode;
}
