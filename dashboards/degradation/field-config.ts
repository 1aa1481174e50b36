import {
  MappingType,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  type Threshold,
  type ValueMapping,
} from '@grafana/grafana-foundation-sdk/dashboard';
import type { Catalog } from '../catalog-type.js';

export interface NamedValue {
  readonly value: number;
  readonly name: string;
  readonly color: string;
}

/** Value mappings showing a gauge's numeric states by name and colour (levels, breaker states, connection). */
export function stateMappings(states: readonly NamedValue[]): ValueMapping[] {
  const options: Record<string, { text: string; color: string; index: number }> = {};
  states.forEach((state, index) => {
    options[String(state.value)] = { text: state.name, color: state.color, index };
  });
  return [{ type: MappingType.ValueToText, options }];
}

/** Threshold steps colouring each state from its own value up (lowest state is the base). */
export function stateThresholds(states: readonly NamedValue[]): ThresholdsConfigBuilder {
  const sorted = [...states].sort((a, b) => a.value - b.value);
  return absoluteThresholds(sorted.map((state, index) => ({ value: index === 0 ? null : state.value, color: state.color })));
}

/** Absolute threshold steps; the first step's value is null (the base colour). */
export function absoluteThresholds(steps: Threshold[]): ThresholdsConfigBuilder {
  return new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(steps);
}

/** Lag thresholds: one step per level with a lag trigger, in that level's colour (the lines drawn on the lag panel). */
export function lagThresholds(catalog: Catalog): ThresholdsConfigBuilder {
  const base = catalog.levels[0];
  const steps: Threshold[] = [{ value: null, color: base.color }];
  for (const level of catalog.levels) {
    if (level.lagTrigger !== undefined) steps.push({ value: level.lagTrigger, color: level.color });
  }
  return absoluteThresholds(steps);
}
