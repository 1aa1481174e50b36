import { describe, expect, it } from 'vitest';
import { panelIdFromKey } from '../../src/definitions/index.js';

describe('panelIdFromKey', () => {
  it('gives the same positive int32 id for the same key, every time', () => {
    const id = panelIdFromKey('consumer-lag');
    expect(panelIdFromKey('consumer-lag')).toBe(id);
    expect(Number.isInteger(id)).toBe(true);
    expect(id).toBeGreaterThan(0);
    expect(id).toBeLessThanOrEqual(0x7fffffff);
  });

  it('gives different keys different ids', () => {
    const keys = Array.from({ length: 200 }, (_, i) => `panel-${i}`);
    expect(new Set(keys.map(panelIdFromKey)).size).toBe(keys.length);
  });

  it('rejects an empty key', () => {
    expect(() => panelIdFromKey('  ')).toThrow(/must not be empty/);
  });

  it('keeps the ids already in Grafana: the hash is part of the contract', () => {
    // Changing the hash would renumber every panel of every pushed dashboard (noisy diffs, broken panel links).
    expect(panelIdFromKey('consumer-lag')).toBe(1465175231);
    expect(panelIdFromKey('degradation-level-now')).toBe(671297938);
  });
});
