import { CantCreateError, K2GrafanaError } from '../errors.js';

/**
 * A file-system failure while writing an output as a typed error: cannot create (exit 73), or another I/O error
 * (74) for a full or failing disk. Our own errors pass through; an error without an errno code is left as it is.
 */
export function fileWriteError(error: unknown, what: string, hint: string): unknown {
  if (error instanceof K2GrafanaError || error instanceof RangeError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === undefined) return error;
  const path = (error as NodeJS.ErrnoException).path;
  const message = `cannot write ${what} (${code}${path ? ` at ${path}` : ''})`;
  if (code === 'ENOSPC' || code === 'EIO' || code === 'EDQUOT') {
    return new K2GrafanaError('io', message, 'Free some space (or fix the disk) and run the command again.', { cause: error });
  }
  return new CantCreateError(message, hint, { cause: error });
}
