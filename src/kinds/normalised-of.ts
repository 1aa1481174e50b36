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

/**
 * Computes `normalisedOf` for the given specs in the background, one spec per turn of the event loop
 * (setImmediate runs after pending I/O callbacks), so the work fills the time a run spends waiting for Grafana
 * instead of delaying the next response or write. Whatever is not done yet when needed is computed then by
 * `normalisedOf`, which also reports any error where it belongs (here errors are left to it). Returns `stop`.
 */
export function normaliseInBackground(items: readonly { readonly handler: KindHandler<any>; readonly spec: unknown }[]): () => void {
  let next = 0;
  let timer: NodeJS.Immediate | undefined;
  const step = (): void => {
    timer = undefined;
    const item = items[next++];
    if (!item) return;
    try {
      normalisedOf(item.handler, item.spec);
    } catch {
      // The foreground call throws the same error in context.
    }
    timer = setImmediate(step);
  };
  timer = setImmediate(step);
  return () => {
    if (timer) clearImmediate(timer);
    timer = undefined;
    next = items.length;
  };
}
