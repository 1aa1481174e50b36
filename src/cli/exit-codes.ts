/** The CLI's exit codes: one table, documented in the README. */
export const ExitCode = {
  Ok: 0,
  /** Invalid definitions or stale provisioning/. */
  Invalid: 1,
  /** Changes pending (plan / diff with --exit-code). */
  Changes: 2,
  /** Grafana unreachable, unauthorised or forbidden. */
  Unreachable: 3,
  /** Partial failure: some objects applied, some not. */
  Partial: 4,
  /** Usage error (unknown flag, bad argument). */
  Usage: 64,
  /** Bug in k2-grafana. */
  Internal: 70,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Error code (K2GrafanaError.code) -> exit code. Codes not listed exit with Internal. */
export const exitCodeForError: Readonly<Record<string, ExitCode>> = {
  'invalid-definitions': ExitCode.Invalid,
  'stale-artifacts': ExitCode.Invalid,
  usage: ExitCode.Usage,
  unreachable: ExitCode.Unreachable,
  unauthorized: ExitCode.Unreachable,
  forbidden: ExitCode.Unreachable,
  partial: ExitCode.Partial,
  // Grafana refused our payload (400): the definitions need fixing, like any other invalid input.
  validation: ExitCode.Invalid,
  // A single write that Grafana failed or refused after retries: nothing else was half-applied by it.
  'not-found': ExitCode.Partial,
  conflict: ExitCode.Partial,
  'version-mismatch': ExitCode.Partial,
  'server-error': ExitCode.Partial,
  internal: ExitCode.Internal,
};
