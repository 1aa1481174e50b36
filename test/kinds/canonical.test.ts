import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../../src/kinds/index.js';
import { stableStringify } from '../../src/normalise/index.js';
import { syntheticProject, syntheticEnv } from '../provision/synthetic-project.js';
import { desiredResources } from '../../src/plan/index.js';

describe('handlers return canonical values (plan compares their plain JSON text)', () => {
  it('normalise output is already key-sorted for every kind', () => {
    const desired = desiredResources(syntheticProject({ dashboards: 2, rules: 3 }), { owner: 'k2-grafana/t', env: syntheticEnv });
    expect(new Set(desired.map((r) => r.kind)).size).toBe(6);
    for (const r of desired) {
      const value = defaultRegistry.handlers.get(r.kind)!.normalise(r.spec);
      expect(JSON.stringify(value), r.kind).toBe(stableStringify(value));
    }
  });
});
