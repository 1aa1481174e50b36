/** Injected clock + sleeper: sleeping advances the clock instantly, and every wait is recorded. */
export function fakeTime(start = 1_750_000_000_000): { now: () => number; sleep: (ms: number) => Promise<void>; slept: number[] } {
  let t = start;
  const slept: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      slept.push(ms);
      t += ms;
    },
    slept,
  };
}
