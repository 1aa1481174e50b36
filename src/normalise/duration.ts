/**
 * Durations in rules come as Prometheus strings (`5m`, `1h30m`), Go strings (`1h0m0s`), or whole seconds (the
 * provisioning API's group `interval` is an int of seconds: grafana-http-api.md 6.1). All become one canonical
 * Prometheus-style string so `300`, `"300s"`, `"5m"` and `"5m0s"` compare equal.
 */
const UNIT_MS: ReadonlyArray<readonly [string, number]> = [
  ['y', 365 * 24 * 3600 * 1000],
  ['w', 7 * 24 * 3600 * 1000],
  ['d', 24 * 3600 * 1000],
  ['h', 3600 * 1000],
  ['m', 60 * 1000],
  ['s', 1000],
  ['ms', 1],
];
const PART = /(\d+(?:\.\d+)?)(ms|y|w|d|h|m|s|us|µs|ns)/gy;

/** Milliseconds, or undefined when the text is not a duration. Numbers are seconds. */
export function parseDurationMs(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value * 1000;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  let total = 0;
  PART.lastIndex = 0;
  let consumed = 0;
  for (let match = PART.exec(text); match !== null; match = PART.exec(text)) {
    const amount = Number(match[1]);
    const unit = match[2];
    const ms = UNIT_MS.find(([name]) => name === unit)?.[1] ?? (unit === 'ns' ? 1e-6 : 1e-3);
    total += amount * ms;
    consumed = PART.lastIndex;
  }
  return consumed === text.length ? total : undefined;
}

/** `90000` -> `1m30s`, `0` -> `0s`. */
export function formatDurationMs(ms: number): string {
  if (ms === 0) return '0s';
  let rest = Math.round(ms);
  let out = '';
  for (const [unit, size] of UNIT_MS) {
    const count = Math.floor(rest / size);
    if (count > 0) {
      out += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return out || '0s';
}

/** Canonical duration text, or the input unchanged when it does not parse (so nothing is lost). */
export function canonicalDuration<T>(value: T): T | string {
  const ms = parseDurationMs(value);
  return ms === undefined ? value : formatDurationMs(ms);
}
