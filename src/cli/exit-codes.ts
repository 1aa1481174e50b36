import type { ErrorCode } from '../errors.js';

/**
 * The CLI's exit codes: one table, also in the README. sysexits(3) where a code fits (64-78); 130/143 as shells
 * report SIGINT/SIGTERM. Later features add rows here; they do not invent codes of their own.
 */
export const ExitCode = {
  Ok: 0,
  /** Invalid definitions or stale provisioning/. */
  Invalid: 1,
  /** Changes pending (plan / diff with --exit-code). */
  Changes: 2,
  /** A service (Grafana, Prometheus) unreachable, our credentials unauthorised or forbidden, or an API it lacks (`--api app-platform`). */
  Unreachable: 3,
  /** Partial failure: some objects applied, some not. */
  Partial: 4,
  /** Usage error: unknown flag, bad flag value, malformed URL (EX_USAGE). */
  Usage: 64,
  /** An input whose content is wrong: not JSON, not a dashboard, a uid already defined (EX_DATAERR). */
  DataError: 65,
  /** An input file that does not exist or cannot be read (EX_NOINPUT). */
  NoInput: 66,
  /** Bug in k2-grafana (EX_SOFTWARE), and only that. */
  Internal: 70,
  /** An output file or folder that cannot be written (EX_CANTCREAT). */
  CantCreate: 73,
  /** Another local I/O error (EX_IOERR). */
  IoError: 74,
  /** The project config is wrong: does not load, unknown context, unset credential variable (EX_CONFIG). */
  Config: 78,
  /** Interrupted by SIGINT (Ctrl-C). */
  Interrupted: 130,
  /** Stopped by SIGTERM. */
  Terminated: 143,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Error code -> exit code: exhaustive, no fallback, so a new code cannot ship without its exit. */
export const exitCodeForError: Readonly<Record<ErrorCode, ExitCode>> = {
  'invalid-definitions': ExitCode.Invalid,
  'stale-artifacts': ExitCode.Invalid,
  // Grafana refused our payload (400): the definitions need fixing, like any other invalid input.
  validation: ExitCode.Invalid,
  usage: ExitCode.Usage,
  config: ExitCode.Config,
  'no-input': ExitCode.NoInput,
  'bad-input': ExitCode.DataError,
  'cant-create': ExitCode.CantCreate,
  io: ExitCode.IoError,
  unreachable: ExitCode.Unreachable,
  unauthorized: ExitCode.Unreachable,
  forbidden: ExitCode.Unreachable,
  'api-missing': ExitCode.Unreachable,
  partial: ExitCode.Partial,
  // A single write that Grafana failed or refused after retries: nothing else was half-applied by it.
  'not-found': ExitCode.Partial,
  conflict: ExitCode.Partial,
  'version-mismatch': ExitCode.Partial,
  'server-error': ExitCode.Partial,
  interrupted: ExitCode.Interrupted,
  terminated: ExitCode.Terminated,
  internal: ExitCode.Internal,
};
