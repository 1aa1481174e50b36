// The error module, not the client's barrel: every start loads this file, and must not load the HTTP client.
import { GrafanaUnreachableError, isTimeoutCode, NotGrafanaError, ServerError } from '../grafana/grafana-errors.js';
import { isK2GrafanaError } from '../errors.js';

/** The verb an error is reported for: its name, the flags it has, and whether it answers in JSON. */
export interface VerbInfo {
  readonly name: string;
  /** Long option names without dashes, e.g. `concurrency`, `wait`. */
  readonly flags: ReadonlySet<string>;
  readonly json: boolean;
}

/** Advice that names a flag, given only when the verb has that flag. Library hints name no flag (see grafana-errors.ts). */
const flagAdvice: readonly { readonly flag: string; readonly applies: (error: unknown) => boolean; readonly text: string }[] = [
  {
    flag: 'timeout',
    applies: (e) => e instanceof GrafanaUnreachableError && !(e instanceof NotGrafanaError) && isTimeoutCode(e.errorCode),
    text: '--timeout <seconds> sets the per-request timeout for this run.',
  },
  {
    flag: 'retry-budget',
    applies: (e) => (e instanceof GrafanaUnreachableError && !(e instanceof NotGrafanaError)) || (e instanceof ServerError && e.attempts > 1),
    text: '--retry-budget <seconds> lets retries go on longer.',
  },
  {
    flag: 'wait',
    applies: (e) => e instanceof GrafanaUnreachableError && !(e instanceof NotGrafanaError) && e.errorCode === 'ECONNREFUSED',
    text: '--wait waits for a Grafana that is still starting.',
  },
  { flag: 'concurrency', applies: (e) => e instanceof ServerError && e.status === 429, text: 'Lower --concurrency.' },
];

/** The hint as the verb prints it: the error's own, then the flag advice that fits this verb. */
export function hintFor(error: unknown, verb: VerbInfo | undefined): string {
  const own = isK2GrafanaError(error) ? error.hint : '';
  const extra = flagAdvice.filter((a) => verb?.flags.has(a.flag) && a.applies(error)).map((a) => a.text);
  return [own, ...extra].filter((t) => t !== '').join(' ');
}

/** Every `--flag` a text mentions (for the test that hints name only flags the verb has). */
export function flagsMentioned(text: string): string[] {
  return [...text.matchAll(/(?<![\w-])--([a-z][a-z0-9-]*)/g)].map((m) => m[1]!);
}
