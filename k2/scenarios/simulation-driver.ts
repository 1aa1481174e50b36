import type { ScenarioName, SimulationEvent } from './simulation-event.js';

export interface ScenarioStep {
  readonly scenario: ScenarioName;
  /** Lag target for `lag`. */
  readonly lag?: number;
  /** Memory percent for `memory`. */
  readonly memory?: number;
}

/** Something that can inject and lift failures: the demo target's control endpoint, or Docker. */
export interface SimulationDriver {
  readonly name: string;
  /** True when `lag` holds the backlog at the requested target (so the level it reaches is known in advance). */
  readonly holdsLagTarget: boolean;
  /** Apply one step; returns the events it started or ended, in order. */
  apply(step: ScenarioStep): Promise<SimulationEvent[]>;
}
