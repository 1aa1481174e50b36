import { UsageError } from '../errors.js';

/**
 * Checks of numeric flags. yargs turns `--interval abc` into NaN and takes 0, negatives and 1e300 as they come: each
 * verb checks its numbers here, so a bad one is a usage error (64) naming the flag, not a busy loop or a crash.
 */
export interface NumberRange {
  /** Smallest allowed value. */
  readonly min: number;
  /** Whether `min` itself is allowed. @default true */
  readonly minInclusive?: boolean;
  readonly max: number;
  readonly integer?: boolean;
  /** The unit for the message, e.g. `seconds`. */
  readonly unit?: string;
}

/** `value` if it is a number in range, else a usage error naming `--name`; undefined passes (flag not given). */
export function checkNumber(name: string, value: number | undefined, range: NumberRange): number | undefined {
  if (value === undefined) return undefined;
  const inclusive = range.minInclusive ?? true;
  const ok = Number.isFinite(value) && (range.integer !== true || Number.isInteger(value)) && (inclusive ? value >= range.min : value > range.min) && value <= range.max;
  if (!ok) {
    const kind = range.integer ? 'an integer' : 'a number';
    const unit = range.unit ? ` ${range.unit}` : '';
    throw new UsageError(
      `--${name} must be ${kind}${unit} ${inclusive ? 'from' : 'above'} ${range.min}${inclusive ? ' to' : ' and at most'} ${range.max}, got ${Number.isNaN(value) ? 'a value that is not a number' : value}`,
      `Run the command with --help to see what --${name} takes.`,
    );
  }
  return value;
}

/** Longest timer Node keeps (setTimeout beyond 2^31-1 ms fires at once), in seconds. */
export const MAX_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);
