/** mulberry32: a tiny seeded PRNG, so a failing fault-injection run replays exactly from its seed. */
export function createPrng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed from the environment (EMULATOR_SEED) or a fresh random one; tests print it when they fail. */
export function seedFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const fromEnv = env.EMULATOR_SEED === undefined ? NaN : Number(env.EMULATOR_SEED);
  return Number.isInteger(fromEnv) ? fromEnv : Math.floor(Math.random() * 2 ** 31);
}
