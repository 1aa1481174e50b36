/**
 * Every error k2-grafana raises on purpose is a K2GrafanaError with a stable `code` and a `hint` that says what to do.
 * The CLI maps codes to exit codes in one table (src/cli/exit-codes.ts). Messages never carry secrets.
 */
export class K2GrafanaError extends Error {
  readonly code: string;
  readonly hint: string;

  constructor(code: string, message: string, hint: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.hint = hint;
  }
}

/** Definitions that fail validation, or committed artifacts that differ from what the definitions generate. */
export class InvalidDefinitionsError extends K2GrafanaError {
  readonly issues: readonly string[];
  constructor(message: string, issues: readonly string[], hint: string) {
    super('invalid-definitions', message, hint);
    this.issues = issues;
  }
}

export class StaleArtifactsError extends K2GrafanaError {
  readonly files: readonly string[];
  constructor(files: readonly string[]) {
    super(
      'stale-artifacts',
      `provisioning/ is stale: ${files.length} file(s) differ from what the definitions generate: ${files.join(', ')}`,
      'Run `npm run generate` and commit provisioning/.',
    );
    this.files = files;
  }
}

/** Wrong command-line usage (unknown flag, missing argument). */
export class UsageError extends K2GrafanaError {
  constructor(message: string, hint = 'Run the command with --help.') {
    super('usage', message, hint);
  }
}

/** A bug in k2-grafana itself, not in the user's input. */
export class InternalError extends K2GrafanaError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('internal', message, 'This is a k2-grafana bug; please report it with the command you ran.', options);
  }
}
