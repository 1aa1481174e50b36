import type { JsonObject } from '../model/index.js';
import type { KindHandler } from './kind-handler.js';
import { textHash } from './marker.js';

export interface Normalised {
  readonly value: JsonObject;
  /** JSON text of the canonical value: what plan compares and what the marker hash is taken of. */
  readonly text: string;
  readonly hash: string;
}

// Specs are never mutated (Resource and Live are read-only), so the canonical form is a pure function of the object.
const cache = new WeakMap<object, Normalised>();

/**
 * `handler.normalise(spec)` (no peer), its text and hash, computed once per spec object. Lets readLive do the work
 * while other reads are in flight and plan reuse it.
 */
export function normalisedOf(handler: KindHandler<any>, spec: unknown): Normalised {
  const key = spec as object;
  let hit = cache.get(key);
  if (!hit) {
    const value = handler.normalise(spec);
    const text = JSON.stringify(value);
    hit = { value, text, hash: textHash(text) };
    cache.set(key, hit);
  }
  return hit;
}
