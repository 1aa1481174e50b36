/**
 * Every error k2-grafana raises on purpose is a K2GrafanaError with a stable `code` and a `hint` that says what to do.
 * The codes are one closed set (`ErrorCode`); the CLI maps each to an exit code in one exhaustive table
 * (src/cli/exit-codes.ts), so a misspelt or unmapped code fails to compile. Messages never carry secrets.
 */
export type ErrorCode =
  /** Definitions that fail validation or have the wrong shape. */
  | 'invalid-definitions'
  /** Committed artifacts differ from what the definitions generate. */
  | 'stale-artifacts'
  /** Wrong command-line usage: unknown flag, bad flag value, malformed URL, missing argument. */
  | 'usage'
  /** The project config does not load, names something missing, or is inconsistent. */
  | 'config'
  /** An input file or folder that does not exist or cannot be read. */
  | 'no-input'
  /** An input whose content is not what the command takes (not JSON, not a dashboard, a uid that collides). */
  | 'bad-input'
  /** An output file or folder that cannot be written. */
  | 'cant-create'
  /** Any other I/O failure on local files. */
  | 'io'
  /** A service (Grafana, Prometheus, GitHub) did not answer, or refused our credentials or permissions. */
  | 'unreachable'
  | 'unauthorized'
  | 'forbidden'
  /** Grafana lacks an API the run was told to use (`--api app-platform` against Grafana 11). */
  | 'api-missing'
  /** Some objects were applied, some not. */
  | 'partial'
  /** Grafana refused the content (400): the definitions need fixing. */
  | 'validation'
  /** A single write Grafana failed or refused after retries. */
  | 'not-found'
  | 'conflict'
  | 'version-mismatch'
  | 'server-error'
  /** Stopped by SIGINT / SIGTERM. */
  | 'interrupted'
  | 'terminated'
  /** A bug in k2-grafana itself. */
  | 'internal';

/** Marks our errors across module copies (a config loaded through another loader has its own copy of this file). */
const brand = Symbol.for('k2-grafana.error');

export class K2GrafanaError extends Error {
  readonly code: ErrorCode;
  readonly hint: string;

  constructor(code: ErrorCode, message: string, hint: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.hint = hint;
    Object.defineProperty(this, brand, { value: true });
  }
}

/** True for a K2GrafanaError from any copy of this module (instanceof alone misses errors thrown by a project's verbs). */
export function isK2GrafanaError(error: unknown): error is K2GrafanaError {
  return error instanceof K2GrafanaError || (typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[brand] === true);
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

/** Wrong command-line usage (unknown flag, missing argument, a value of the wrong form). */
export class UsageError extends K2GrafanaError {
  constructor(message: string, hint = 'Run the command with --help.') {
    super('usage', message, hint);
  }
}

/** The project config is wrong: it does not load, has an unknown context, or its contexts collide. */
export class ConfigError extends K2GrafanaError {
  /** The config file, when one was found. */
  readonly file?: string;
  constructor(message: string, hint: string, options?: { file?: string; cause?: unknown }) {
    super('config', message, hint, options);
    this.file = options?.file;
  }
}

/** An input path that does not exist or cannot be read (sysexits EX_NOINPUT). */
export class NoInputError extends K2GrafanaError {
  constructor(message: string, hint: string, options?: { cause?: unknown }) {
    super('no-input', message, hint, options);
  }
}

/** An input that was read but is not what the command takes (sysexits EX_DATAERR): named, with what it is. */
export class BadInputError extends K2GrafanaError {
  constructor(message: string, hint: string, options?: { cause?: unknown }) {
    super('bad-input', message, hint, options);
  }
}

/** An output path that cannot be created or written (sysexits EX_CANTCREAT). */
export class CantCreateError extends K2GrafanaError {
  constructor(message: string, hint: string, options?: { cause?: unknown }) {
    super('cant-create', message, hint, options);
  }
}

/** A bug in k2-grafana itself, not in the user's input. */
export class InternalError extends K2GrafanaError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('internal', message, 'This is a k2-grafana bug; please report it with the command you ran.', options);
  }
}
