import { randomUUID } from 'node:crypto';

/** Failures a scenario can inject; `recover` ends them all. */
export type FailureScenario = 'lag' | 'disconnect' | 'memory';
export type ScenarioName = FailureScenario | 'recover';
export const scenarioNames: readonly ScenarioName[] = ['lag', 'disconnect', 'memory', 'recover'];

/**
 * One simulated failure event: `start` when a failure is injected, `end` when `recover` lifts it. Both carry the
 * same `eventId`, so an annotation emitter can open a region on start and close it on end.
 */
export interface SimulationEvent {
  readonly scenario: FailureScenario;
  readonly phase: 'start' | 'end';
  /** When the action was applied, ms since the epoch. */
  readonly at: number;
  readonly eventId: string;
  /** When the failure started (on `end` events), ms since the epoch. */
  readonly startedAt?: number;
  /** Lag target of a `lag` event. */
  readonly lag?: number;
  /** Memory percent of a `memory` event. */
  readonly memoryPercent?: number;
}

export type OpenFailure = Omit<SimulationEvent, 'phase' | 'startedAt'>;

/** The failures currently injected, so `recover` can end exactly those. Serialisable for drivers without a server. */
export class OpenFailures {
  private readonly open = new Map<FailureScenario, OpenFailure>();

  constructor(
    initial: readonly OpenFailure[] = [],
    private readonly newId: () => string = randomUUID,
  ) {
    for (const failure of initial) this.open.set(failure.scenario, failure);
  }

  /** Start a failure; re-injecting the same scenario ends the previous one first. */
  start(scenario: FailureScenario, at: number, details: { lag?: number; memoryPercent?: number } = {}): SimulationEvent[] {
    const ended = this.end(at, scenario);
    const failure: OpenFailure = { scenario, at, eventId: this.newId(), ...details };
    this.open.set(scenario, failure);
    return [...ended, { ...failure, phase: 'start' }];
  }

  /** End one scenario, or all when none is named. */
  end(at: number, only?: FailureScenario): SimulationEvent[] {
    const ended: SimulationEvent[] = [];
    for (const [scenario, failure] of [...this.open]) {
      if (only !== undefined && scenario !== only) continue;
      this.open.delete(scenario);
      ended.push({ ...failure, phase: 'end', at, startedAt: failure.at });
    }
    return ended;
  }

  list(): OpenFailure[] {
    return [...this.open.values()];
  }
}
