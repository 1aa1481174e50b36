import { describe, expect, it } from 'vitest';
import type { KindHandler } from '../../src/kinds/kind-handler.js';
import { normalisedOf, normaliseInBackground } from '../../src/kinds/normalised-of.js';
import { textHash } from '../../src/kinds/marker.js';

/** A handler whose normalise counts its calls and throws for specs marked `bad`. */
function countingHandler(): { handler: KindHandler<any>; calls: () => number } {
  let calls = 0;
  const handler = {
    normalise: (spec: { n: number; bad?: boolean }) => {
      calls += 1;
      if (spec.bad) throw new Error(`spec ${spec.n} is malformed`);
      return { n: spec.n };
    },
  } as unknown as KindHandler<any>;
  return { handler, calls: () => calls };
}

/** Lets the event loop turn until `done()` or a generous number of turns have passed. */
async function turnsUntil(done: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !done(); i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('normalisedOf and the background normaliser', () => {
  it('computes each spec once; the background work is what the foreground then finds', async () => {
    const { handler, calls } = countingHandler();
    const specs = [{ n: 1 }, { n: 2 }, { n: 3 }];
    normaliseInBackground(specs.map((spec) => ({ handler, spec })));
    expect(calls()).toBe(0); // nothing runs before the current turn ends
    await turnsUntil(() => calls() === 3);
    expect(calls()).toBe(3);
    const first = normalisedOf(handler, specs[0]);
    expect(first).toEqual({ value: { n: 1 }, text: '{"n":1}', hash: textHash('{"n":1}') });
    normalisedOf(handler, specs[1]);
    expect(calls()).toBe(3);
  });

  it('leaves a failing spec to the foreground call, which throws in context, and goes on with the others', async () => {
    const { handler, calls } = countingHandler();
    const bad = { n: 1, bad: true };
    const good = { n: 2 };
    normaliseInBackground([{ handler, spec: bad }, { handler, spec: good }]);
    await turnsUntil(() => calls() === 2);
    expect(calls()).toBe(2);
    expect(() => normalisedOf(handler, bad)).toThrow('spec 1 is malformed');
    expect(normalisedOf(handler, good).value).toEqual({ n: 2 });
  });

  it('does no more work once stopped', async () => {
    const { handler, calls } = countingHandler();
    const stop = normaliseInBackground([{ n: 1 }, { n: 2 }, { n: 3 }].map((spec) => ({ handler, spec })));
    stop();
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(calls()).toBe(0);
  });
});
