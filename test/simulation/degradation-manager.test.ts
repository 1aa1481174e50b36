import { describe, expect, it } from 'vitest';
import * as catalog from '../../dashboards/catalog.js';
import { DegradationManager } from '../../k2/model/degradation-manager.js';

const byName = (name: string) => catalog.levels.find((l) => l.name === name)!;
const cooldownMs = catalog.profiles.k2.cooldownSeconds * 1000;
const make = () => new DegradationManager({ config: catalog, cooldownSeconds: catalog.profiles.k2.cooldownSeconds });

describe('DegradationManager (K2 semantics, catalog thresholds)', () => {
  it('computes the level from the top down, lag OR memory, with >=', () => {
    const m = make();
    for (const level of catalog.levels.filter((l) => l.lagTrigger !== undefined)) {
      expect(m.calculateLevel(level.lagTrigger!, 0).name).toBe(level.name);
      expect(m.calculateLevel(level.lagTrigger! - 1, 0).value).toBe(level.value - 1);
      expect(m.calculateLevel(0, level.memoryTrigger!).name).toBe(level.name);
    }
  });

  it('escalates immediately and may skip levels', () => {
    const m = make();
    const t = m.evaluate(byName('CRITICAL').lagTrigger!, 0, 0)!;
    expect([t.from.name, t.to.name, t.direction]).toEqual(['NORMAL', 'CRITICAL', 'degraded']);
  });

  it("recovers only below the CURRENT level's factors (strict) after the cooldown, straight to the computed level", () => {
    const m = make();
    const severe = byName('SEVERE');
    m.evaluate(severe.lagTrigger!, 0, 0);
    const lagLine = severe.lagTrigger! * catalog.recovery.lagFactor;
    const memoryLine = severe.memoryTrigger! * catalog.recovery.memoryFactor;
    expect(m.evaluate(0, 0, cooldownMs - 1)).toBeUndefined();
    expect(m.evaluate(lagLine, 0, cooldownMs)).toBeUndefined();
    expect(m.evaluate(0, memoryLine, cooldownMs)).toBeUndefined();
    const t = m.evaluate(0, memoryLine - 0.5, cooldownMs)!;
    // Memory just under SEVERE's recovery line is still at or above LIGHT's memory trigger: the computed level.
    expect(t.to.name).toBe(m.calculateLevel(0, memoryLine - 0.5).name);
    expect(t.direction).toBe('recovered');
    // The cooldown restarts on every transition, down as well as up.
    expect(m.evaluate(0, 0, cooldownMs + 1)).toBeUndefined();
    expect(m.evaluate(0, 0, 2 * cooldownMs)!.to.name).toBe('NORMAL');
  });
});
