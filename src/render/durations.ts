/** Seconds as the shortest exact Prometheus duration: 10 -> 10s, 60 -> 1m, 5400 -> 1h30m. */
export function secondsToDuration(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds < 0) throw new RangeError(`not a whole number of seconds: ${seconds}`);
  if (seconds === 0) return '0s';
  const units: Array<[string, number]> = [['h', 3600], ['m', 60], ['s', 1]];
  let rest = seconds;
  let out = '';
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out;
}
