import { StreamCircuitBreaker, type BreakerTransition } from './circuit-breaker.js';
import type { Clock } from './clock.js';
import { DegradationManager, type LevelTransition } from './degradation-manager.js';
import { EvenSplit, WholeCounter } from './even-split.js';
import { shedReasonFor, shedReasons } from './load-shedder.js';
import type { BreakerStateName, SimulationConfig, SimulationLevel, SimulationTier, TimingProfile } from './simulation-config.js';

/** One structured log record; the demo target writes each as one JSON line. */
export type ModelLogRecord = { readonly time: string; readonly event: string } & Readonly<Record<string, unknown>>;

export interface PipelineModelOptions {
  readonly config: SimulationConfig;
  readonly profile: TimingProfile;
  readonly clock: Clock;
  /** Messages the stream produces per second, spread evenly over every tier's symbols. @default 100 */
  readonly ratePerSecond?: number;
  /** Messages the consumer can process per second when not throttled (how fast a backlog drains). @default 250000 */
  readonly consumerCapacityPerSecond?: number;
  /** Modelled memory percent when no scenario sets it (never the host's memory). @default 40 */
  readonly baselineMemoryPercent?: number;
  /** Seconds the `lag` scenario takes to build its backlog to the target; 0 builds it in one step. @default 2 */
  readonly lagRampSeconds?: number;
  /** Longest model step; a bigger clock jump is walked in steps of this size. @default 250 */
  readonly maxStepMs?: number;
  /** Value of the `partition` label on the lag gauge (the model keeps one aggregate partition). @default '0' */
  readonly partition?: string;
  /** Receives one record per level transition, breaker transition and scenario change. */
  readonly log?: (record: ModelLogRecord) => void;
}

export interface ScenarioState {
  /** Lag the throttled consumer holds, when the `lag` scenario is on. */
  readonly lagTarget?: number;
  readonly streamDown: boolean;
  readonly memoryPercent: number;
}

export interface PipelineSnapshot {
  readonly at: number;
  readonly level: SimulationLevel;
  readonly lag: number;
  readonly memoryPercent: number;
  readonly breakerName: string;
  readonly breakerState: BreakerStateName;
  readonly breakerFailures: number;
  readonly reconnects: number;
  readonly connected: boolean;
  /** ms since the epoch. */
  readonly lastMessageAt: number;
  readonly receivedBySymbol: Readonly<Record<string, number>>;
  readonly consumed: number;
  /** Shed totals by tier, then reason. Every tier x reason pair is present, zero included. */
  readonly shed: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Transition counts keyed `from_code->to_code`. */
  readonly transitions: Readonly<Record<string, number>>;
  readonly scenario: ScenarioState;
}

interface SymbolSlot {
  readonly symbol: string;
  readonly tier: SimulationTier;
}

/**
 * A time-stepped model of K2's pipeline, counting messages per step in aggregate: stream -> backlog (consumer lag)
 * -> consumer with capacity, the degradation manager checked once per step, tiered shedding at consumption, and a
 * circuit breaker watching the stream. All time comes from the injected clock.
 */
export class PipelineModel {
  readonly config: SimulationConfig;
  private readonly options: Required<Omit<PipelineModelOptions, 'log'>> & Pick<PipelineModelOptions, 'log'>;
  private readonly manager: DegradationManager;
  private readonly breaker: StreamCircuitBreaker;
  private readonly slots: SymbolSlot[];
  private readonly split: EvenSplit;
  private readonly produceCounter = new WholeCounter();
  private readonly burstCounter = new WholeCounter();
  private readonly consumeCounter = new WholeCounter();
  private now: number;
  private lag = 0;
  private lagTarget: number | undefined;
  private streamDown = false;
  private memoryPercent: number;
  private lastMessageAt: number;
  private reconnects = 0;
  private consumed = 0;
  private readonly received: Record<string, number> = {};
  private readonly shed: Record<string, Record<string, number>> = {};
  private readonly transitions: Record<string, number> = {};

  constructor(options: PipelineModelOptions) {
    this.options = {
      ratePerSecond: 100,
      consumerCapacityPerSecond: 250_000,
      baselineMemoryPercent: 40,
      lagRampSeconds: 2,
      maxStepMs: 250,
      partition: '0',
      ...definedOnly(options),
      config: options.config,
      profile: options.profile,
      clock: options.clock,
    };
    this.config = options.config;
    const { profile, clock } = options;
    this.now = clock.now();
    this.lastMessageAt = this.now;
    this.memoryPercent = this.options.baselineMemoryPercent;
    this.manager = new DegradationManager({ config: this.config, cooldownSeconds: profile.cooldownSeconds });
    const breakerName = this.config.breakers[0];
    if (breakerName === undefined) throw new RangeError('the simulation config names no circuit breaker for the stream');
    this.breaker = new StreamCircuitBreaker(
      {
        name: breakerName,
        healthCheckTimeoutSeconds: profile.healthCheckTimeoutSeconds,
        openTimeoutSeconds: profile.breakerOpenTimeoutSeconds,
        successThreshold: profile.breakerSuccessThreshold,
      },
      this.now,
    );
    this.slots = this.config.tiers.flatMap((tier) => tier.symbols.map((symbol) => ({ symbol, tier })));
    this.split = new EvenSplit(this.slots.length);
    for (const { symbol } of this.slots) this.received[symbol] = 0;
    for (const tier of this.config.tiers) {
      this.shed[tier.tier] = Object.fromEntries(shedReasons(this.config).map((reason) => [reason, 0]));
    }
  }

  get level(): SimulationLevel {
    return this.manager.level;
  }

  /** Advance the model to the clock's current time, in steps no longer than `maxStepMs`. */
  tick(): void {
    const target = this.options.clock.now();
    while (this.now < target) {
      const stepMs = Math.min(this.options.maxStepMs, target - this.now);
      this.now += stepMs;
      this.step(stepMs / 1000);
    }
  }

  /** `lag` scenario: throttle the consumer so the backlog builds to `targetLag` and holds there. */
  throttleConsumer(targetLag: number): void {
    if (!Number.isFinite(targetLag) || targetLag < 0) throw new RangeError(`lag target must be a non-negative number, got ${targetLag}`);
    this.tick();
    this.lagTarget = targetLag;
    this.logScenario('lag', { lag_target: targetLag });
  }

  /** `disconnect` scenario: the stream stops delivering. */
  disconnectStream(): void {
    this.tick();
    this.streamDown = true;
    this.logScenario('disconnect', {});
  }

  /** Scenario-controlled memory percent (the model never reads the host's memory). */
  setMemoryPercent(percent: number): void {
    if (!Number.isFinite(percent) || percent < 0 || percent > 100) throw new RangeError(`memory must be 0..100 percent, got ${percent}`);
    this.tick();
    this.memoryPercent = percent;
    this.logScenario('memory', { memory_percent: percent });
  }

  /** `recover` scenario: full consumer capacity, stream back, baseline memory. */
  recover(): void {
    this.tick();
    this.lagTarget = undefined;
    this.streamDown = false;
    this.memoryPercent = this.options.baselineMemoryPercent;
    this.logScenario('recover', {});
  }

  snapshot(): PipelineSnapshot {
    return {
      at: this.now,
      level: this.manager.level,
      lag: this.lag,
      memoryPercent: this.memoryPercent,
      breakerName: this.config.breakers[0],
      breakerState: this.breaker.state,
      breakerFailures: this.breaker.failures,
      reconnects: this.reconnects,
      connected: this.breaker.connected,
      lastMessageAt: this.lastMessageAt,
      receivedBySymbol: { ...this.received },
      consumed: this.consumed,
      shed: Object.fromEntries(Object.entries(this.shed).map(([tier, byReason]) => [tier, { ...byReason }])),
      transitions: { ...this.transitions },
      scenario: { lagTarget: this.lagTarget, streamDown: this.streamDown, memoryPercent: this.memoryPercent },
    };
  }

  private step(dt: number): void {
    // Production: the stream delivers only while up and not cut off by an open breaker.
    const delivering = !this.streamDown && this.breaker.admitsTraffic;
    let produced = delivering ? this.produceCounter.take(this.options.ratePerSecond * dt) : 0;
    if (delivering && this.lagTarget !== undefined && this.lag < this.lagTarget) {
      // The backlog arrives as a burst on top of the base rate, reaching the target within the ramp time.
      const ramp = this.options.lagRampSeconds;
      const gap = this.lagTarget - this.lag - produced;
      const burst = ramp > 0 ? Math.min(gap, this.burstCounter.take((this.lagTarget / ramp) * dt)) : gap;
      produced += Math.max(0, burst);
    }
    if (produced > 0) {
      this.lastMessageAt = this.now;
      this.split.split(produced).forEach((n, i) => (this.received[this.slots[i].symbol] += n));
    }
    this.lag += produced;

    // K2 checks the level once per batch, before polling, then sheds with that level.
    const transition = this.manager.evaluate(this.lag, this.memoryPercent, this.now);
    if (transition) this.recordLevelTransition(transition);

    const capacity = this.consumeCounter.take(this.options.consumerCapacityPerSecond * dt);
    const available = this.lagTarget === undefined ? this.lag : Math.max(0, this.lag - this.lagTarget);
    const consumed = Math.min(capacity, available);
    if (consumed > 0) {
      this.lag -= consumed;
      this.consumed += consumed; // K2 counts a message as consumed before shedding it
      const level = this.manager.level.value;
      this.split.split(consumed).forEach((n, i) => {
        const reason = shedReasonFor(this.config, this.slots[i].tier, level);
        if (reason !== undefined && n > 0) this.shed[this.slots[i].tier.tier][reason] += n;
      });
    }

    const breakerTransition = this.breaker.observe(this.now, this.lastMessageAt, produced > 0);
    if (breakerTransition) this.recordBreakerTransition(breakerTransition);
  }

  private recordLevelTransition(t: LevelTransition): void {
    const key = `${t.from.code}->${t.to.code}`;
    this.transitions[key] = (this.transitions[key] ?? 0) + 1;
    this.emit({
      event: 'degradation_level_transition',
      direction: t.direction,
      from: t.from.name,
      to: t.to.name,
      from_level: t.from.code,
      to_level: t.to.code,
      from_value: t.from.value,
      to_value: t.to.value,
      lag: t.lag,
      memory_percent: t.memoryPercent,
      cause: t.cause,
    });
  }

  private recordBreakerTransition(t: BreakerTransition): void {
    if (t.to === 'OPEN') this.reconnects += 1; // every opening is a reconnect the health check triggers
    this.emit({ event: 'circuit_breaker_transition', breaker_name: t.breakerName, from: t.from, to: t.to, cause: t.cause });
  }

  private logScenario(name: string, fields: Record<string, unknown>): void {
    this.emit({ event: 'scenario', scenario: name, ...fields, level: this.manager.level.name, lag: this.lag });
  }

  private emit(fields: Record<string, unknown> & { event: string }): void {
    this.options.log?.({ time: new Date(this.now).toISOString(), ...fields });
  }
}

/** Drop keys whose value is undefined, so an explicit `undefined` option keeps its default. */
function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
