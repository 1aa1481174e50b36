import { sortedLevels, type SimulationConfig, type SimulationLevel } from './simulation-config.js';

export interface LevelTransition {
  readonly from: SimulationLevel;
  readonly to: SimulationLevel;
  readonly direction: 'degraded' | 'recovered';
  /** Model time of the transition, ms since the epoch. */
  readonly at: number;
  readonly lag: number;
  readonly memoryPercent: number;
  /** Human-readable reason, e.g. `lag 600000 >= 500000 (MODERATE lag trigger)`. */
  readonly cause: string;
}

export interface DegradationManagerOptions {
  readonly config: Pick<SimulationConfig, 'levels' | 'recovery'>;
  readonly cooldownSeconds: number;
}

/**
 * The degradation manager as K2's code behaves: escalation is immediate and may skip levels; recovery needs lag and
 * memory strictly below the factors x the CURRENT level's triggers, and the cooldown since the last transition (up
 * or down), and then goes straight to the computed level (possibly several steps).
 */
export class DegradationManager {
  private readonly levels: SimulationLevel[];
  private readonly options: DegradationManagerOptions;
  private current: SimulationLevel;
  private lastTransitionAt = Number.NEGATIVE_INFINITY;

  constructor(options: DegradationManagerOptions) {
    this.options = options;
    this.levels = sortedLevels(options.config);
    this.current = this.levels[0];
  }

  get level(): SimulationLevel {
    return this.current;
  }

  /** The lowest level, the one the system returns to. */
  get baseLevel(): SimulationLevel {
    return this.levels[0];
  }

  /** Highest level whose lag or memory trigger is reached (`>=`, lag OR memory), checked from the top down. */
  calculateLevel(lag: number, memoryPercent: number): SimulationLevel {
    for (let i = this.levels.length - 1; i > 0; i--) {
      const level = this.levels[i];
      if (reached(lag, level.lagTrigger) || reached(memoryPercent, level.memoryTrigger)) return level;
    }
    return this.levels[0];
  }

  /** One check, as K2 runs once per batch. Returns the transition it made, if any. */
  evaluate(lag: number, memoryPercent: number, now: number): LevelTransition | undefined {
    const target = this.calculateLevel(lag, memoryPercent);
    if (target.value > this.current.value) {
      return this.transition(target, 'degraded', now, lag, memoryPercent, escalationCause(target, lag, memoryPercent));
    }
    if (target.value < this.current.value) {
      const cause = this.recoveryCause(lag, memoryPercent, now);
      if (cause !== undefined) return this.transition(target, 'recovered', now, lag, memoryPercent, cause);
    }
    return undefined;
  }

  /** The lag below which the current level may recover (undefined at the base level or without a lag trigger). */
  recoveryLagBelow(): number | undefined {
    const trigger = this.current.lagTrigger;
    return trigger === undefined ? undefined : trigger * this.options.config.recovery.lagFactor;
  }

  private recoveryCause(lag: number, memoryPercent: number, now: number): string | undefined {
    const { lagFactor, memoryFactor } = this.options.config.recovery;
    const cooldownMs = this.options.cooldownSeconds * 1000;
    if (now - this.lastTransitionAt < cooldownMs) return undefined;
    const lagLimit = this.current.lagTrigger === undefined ? Infinity : this.current.lagTrigger * lagFactor;
    const memoryLimit = this.current.memoryTrigger === undefined ? Infinity : this.current.memoryTrigger * memoryFactor;
    if (!(lag < lagLimit && memoryPercent < memoryLimit)) return undefined;
    return (
      `lag ${lag} < ${lagLimit} and memory ${round(memoryPercent)}% < ${round(memoryLimit)}% ` +
      `(${this.current.name} recovery thresholds), cooldown ${this.options.cooldownSeconds}s passed`
    );
  }

  private transition(
    to: SimulationLevel,
    direction: LevelTransition['direction'],
    at: number,
    lag: number,
    memoryPercent: number,
    cause: string,
  ): LevelTransition {
    const from = this.current;
    this.current = to;
    this.lastTransitionAt = at;
    return { from, to, direction, at, lag, memoryPercent, cause };
  }
}

function reached(value: number, trigger: number | undefined): boolean {
  return trigger !== undefined && value >= trigger;
}

function escalationCause(level: SimulationLevel, lag: number, memoryPercent: number): string {
  const causes: string[] = [];
  if (reached(lag, level.lagTrigger)) causes.push(`lag ${lag} >= ${level.lagTrigger} (${level.name} lag trigger)`);
  if (reached(memoryPercent, level.memoryTrigger)) {
    causes.push(`memory ${round(memoryPercent)}% >= ${level.memoryTrigger}% (${level.name} memory trigger)`);
  }
  return causes.join(' and ');
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
