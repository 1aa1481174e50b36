import { describe, expect, it } from 'vitest';
import * as catalog from '../../dashboards/catalog.js';
import { ManualClock } from '../../k2/model/clock.js';
import { PipelineModel, type ModelLogRecord } from '../../k2/model/pipeline-model.js';

// Every figure below comes from the catalog, so a catalog change moves the expectations with it.
const byName = (name: string) => catalog.levels.find((l) => l.name === name)!;
const MODERATE = byName('MODERATE');
const SEVERE = byName('SEVERE');
const NORMAL = byName('NORMAL');
const tier = (n: number) => catalog.tiers.find((t) => t.number === n)!;

function setup(options: { lagRampSeconds?: number; profile?: catalog.ProfileName } = {}) {
  const clock = new ManualClock();
  const logs: ModelLogRecord[] = [];
  const profile = catalog.profiles[options.profile ?? 'demo'];
  const model = new PipelineModel({ config: catalog, profile, clock, lagRampSeconds: options.lagRampSeconds, log: (r) => logs.push(r) });
  const advance = (seconds: number) => {
    clock.advance(seconds * 1000);
    model.tick();
  };
  const levelTransitions = () => logs.filter((r) => r.event === 'degradation_level_transition');
  const shed = (n: number) => Object.values(model.snapshot().shed[tier(n).tier]).reduce((a, b) => a + b, 0);
  return { clock, model, logs, advance, levelTransitions, shed, profile };
}

describe('pipeline model, in model time', () => {
  it('600k lag gives MODERATE and holds there however long one waits', () => {
    const { model, advance } = setup();
    model.throttleConsumer(600_000);
    advance(10);
    expect(model.level.name).toBe('MODERATE');
    expect(model.snapshot().lag).toBe(600_000);
    advance(300);
    expect(model.level.name).toBe('MODERATE');
    expect(model.snapshot().lag).toBe(600_000);
  });

  it('1.2M lag gives SEVERE straight from NORMAL when the backlog lands in one check', () => {
    const { model, advance, levelTransitions } = setup({ lagRampSeconds: 0 });
    model.throttleConsumer(1_200_000);
    advance(1);
    expect(model.level.value).toBe(SEVERE.value);
    expect(levelTransitions().map((r) => [r.from, r.to])).toEqual([[NORMAL.name, SEVERE.name]]);
    expect(model.snapshot().transitions).toEqual({ [`${NORMAL.code}->${SEVERE.code}`]: 1 });
  });

  it('1.2M lag with the default ramp still settles at SEVERE, the cascade visible in the logs', () => {
    const { model, advance, levelTransitions } = setup();
    model.throttleConsumer(1_200_000);
    advance(10);
    expect(model.level.name).toBe('SEVERE');
    const path = levelTransitions().map((r) => r.to);
    expect(path.at(-1)).toBe('SEVERE');
    expect(levelTransitions().every((r) => String(r.cause).includes('lag'))).toBe(true);
  });

  it('MODERATE does not recover until lag < lagFactor x its trigger and the cooldown has passed', () => {
    const { model, advance, levelTransitions, profile, clock } = setup();
    const recoverBelow = MODERATE.lagTrigger! * catalog.recovery.lagFactor;
    model.throttleConsumer(600_000);
    advance(10);
    expect(model.level.name).toBe('MODERATE');
    // Just above the recovery line: held at MODERATE for far longer than the cooldown.
    model.throttleConsumer(recoverBelow);
    advance(profile.cooldownSeconds * 10);
    expect(model.snapshot().lag).toBe(recoverBelow);
    expect(model.level.name).toBe('MODERATE');
    // Below it, right after a transition: still MODERATE until the cooldown since that transition passes.
    model.recover();
    advance(30);
    expect(model.level.name).toBe('NORMAL');
    model.throttleConsumer(600_000);
    while (model.level.name !== 'MODERATE') advance(0.25);
    const reachedAt = clock.now();
    // The check runs after each step's production lands, so hold the lag a step's production below the line.
    const below = recoverBelow - 1_000;
    model.throttleConsumer(below);
    advance(2);
    expect(model.snapshot().lag).toBe(below);
    expect(model.level.name).toBe('MODERATE');
    while (clock.now() - reachedAt < (profile.cooldownSeconds - 0.25) * 1000) advance(0.25);
    expect(model.level.name).toBe('MODERATE');
    advance(0.5);
    expect(model.level.value).toBeLessThan(MODERATE.value);
    const recovery = levelTransitions().at(-1)!;
    expect(recovery.from).toBe('MODERATE');
    expect(recovery.direction).toBe('recovered');
    expect(Date.parse(recovery.time) - reachedAt).toBeGreaterThanOrEqual(profile.cooldownSeconds * 1000);
    expect(recovery.lag as number).toBeLessThan(recoverBelow);
  });

  it('with the K2 profile the cooldown is K2\'s own 30 s', () => {
    const { model, advance } = setup({ profile: 'k2' });
    model.throttleConsumer(600_000);
    while (model.level.name !== 'MODERATE') advance(0.25);
    model.recover();
    advance(catalog.profiles.k2.cooldownSeconds - 2);
    expect(model.level.value).toBeGreaterThan(0);
    advance(catalog.profiles.k2.cooldownSeconds * 3);
    expect(model.level.name).toBe('NORMAL');
  });

  it('the demo profile recovers from MODERATE to NORMAL within 15 s of recover', () => {
    const { model, advance, clock, levelTransitions } = setup();
    model.throttleConsumer(600_000);
    advance(30);
    const recoveredAt = clock.now();
    model.recover();
    for (let i = 0; i < 60 && model.level.value > 0; i++) advance(0.25);
    expect(model.level.name).toBe('NORMAL');
    expect(Date.parse(levelTransitions().at(-1)!.time) - recoveredAt).toBeLessThanOrEqual(15_000);
  });

  it('at MODERATE tier-3 shed > 0 while tier-2 and tier-1 shed are 0', () => {
    const { model, advance, shed } = setup();
    model.throttleConsumer(600_000);
    advance(20);
    expect(model.level.name).toBe('MODERATE');
    expect(shed(3)).toBeGreaterThan(0);
    expect(shed(2)).toBe(0);
    expect(shed(1)).toBe(0);
    expect(model.snapshot().shed[tier(3).tier][tier(3).shedReason!]).toBeGreaterThan(0);
  });

  it('at SEVERE tier-2 shed > 0 and tier-1 still 0', () => {
    const { model, advance, shed } = setup();
    model.throttleConsumer(1_200_000);
    advance(20);
    expect(model.level.name).toBe('SEVERE');
    const before2 = shed(2);
    const before3 = shed(3);
    advance(10);
    expect(shed(2)).toBeGreaterThan(before2);
    expect(shed(3)).toBeGreaterThan(before3);
    expect(shed(1)).toBe(0);
    expect(model.snapshot().shed[tier(2).tier][tier(2).shedReason!]).toBeGreaterThan(0);
  });

  it('at CRITICAL everything but tier 1 is shed with the critical reason', () => {
    const { model, advance, shed } = setup();
    model.throttleConsumer(6_000_000);
    advance(20);
    expect(model.level.name).toBe('CRITICAL');
    advance(5);
    expect(model.snapshot().shed[tier(2).tier][catalog.criticalShedReason]).toBeGreaterThan(0);
    expect(model.snapshot().shed[tier(3).tier][catalog.criticalShedReason]).toBeGreaterThan(0);
    expect(shed(1)).toBe(0);
  });

  it('memory alone degrades, and recovery needs memory below memoryFactor x the trigger', () => {
    const { model, advance } = setup();
    model.setMemoryPercent(MODERATE.memoryTrigger!);
    advance(1);
    expect(model.level.name).toBe('MODERATE');
    model.setMemoryPercent(MODERATE.memoryTrigger! * catalog.recovery.memoryFactor);
    advance(60);
    expect(model.level.name).toBe('MODERATE');
    model.recover();
    advance(60);
    expect(model.level.name).toBe('NORMAL');
  });

  it('disconnect opens the breaker and recover closes it, through HALF_OPEN', () => {
    const { model, advance, logs, profile } = setup();
    expect(model.snapshot().breakerState).toBe('CLOSED');
    model.disconnectStream();
    advance(profile.healthCheckTimeoutSeconds - 1);
    expect(model.snapshot().breakerState).toBe('CLOSED');
    advance(2);
    expect(model.snapshot().breakerState).toBe('OPEN');
    expect(model.snapshot().connected).toBe(false);
    const received = model.snapshot().receivedBySymbol;
    advance(profile.breakerOpenTimeoutSeconds * 4);
    // No messages arrive while disconnected; probes fail and the breaker stays out of CLOSED.
    expect(model.snapshot().receivedBySymbol).toEqual(received);
    expect(model.snapshot().breakerState).not.toBe('CLOSED');
    model.recover();
    advance(profile.breakerOpenTimeoutSeconds + profile.breakerSuccessThreshold + 2);
    const snap = model.snapshot();
    expect(snap.breakerState).toBe('CLOSED');
    expect(snap.connected).toBe(true);
    expect(snap.breakerFailures).toBeGreaterThanOrEqual(1);
    const breakerLogs = logs.filter((r) => r.event === 'circuit_breaker_transition').map((r) => `${r.from}->${r.to}`);
    expect(breakerLogs[0]).toBe('CLOSED->OPEN');
    expect(breakerLogs.slice(-2)).toEqual(['OPEN->HALF_OPEN', 'HALF_OPEN->CLOSED']);
  });

  it('is deterministic: the same steps give the same snapshot', () => {
    const run = () => {
      const { model, advance } = setup();
      model.throttleConsumer(600_000);
      advance(7.3);
      model.disconnectStream();
      advance(11);
      model.recover();
      advance(20);
      return model.snapshot();
    };
    expect(run()).toEqual(run());
  });

  it('logs one structured record per level transition with from, to, lag, memory and cause', () => {
    const { model, advance, levelTransitions } = setup();
    model.throttleConsumer(600_000);
    advance(5);
    const last = levelTransitions().at(-1)!;
    expect(last).toMatchObject({ from_level: expect.any(String), to: 'MODERATE', to_level: MODERATE.code, memory_percent: 40 });
    expect(last.lag as number).toBeGreaterThanOrEqual(MODERATE.lagTrigger!);
    expect(String(last.cause)).toContain(`>= ${MODERATE.lagTrigger}`);
  });
});
