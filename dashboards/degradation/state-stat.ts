import { BigValueColorMode, BigValueGraphMode, ReduceDataOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { promQuery } from '../../src/definitions/entry.js';
import { stateMappings, stateThresholds, type NamedValue } from './field-config.js';

export interface StateStatOptions {
  readonly title: string;
  readonly description: string;
  /** Instant PromQL whose value is one of `states`. */
  readonly query: string;
  readonly legend: string;
  /** The catalog's named values (levels, connection states): mappings and background colours come from them. */
  readonly states: readonly NamedValue[];
}

/** A stat that shows one state by name on its colour: the level now, the stream connected or not. */
export function stateStat(options: StateStatOptions): StatBuilder {
  return new StatBuilder()
    .title(options.title)
    .description(options.description)
    .unit('none')
    .withTarget(promQuery(options.query, { instant: true, legend: options.legend }))
    .mappings(stateMappings(options.states))
    .thresholds(stateThresholds(options.states))
    .colorMode(BigValueColorMode.Background)
    .graphMode(BigValueGraphMode.None)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']))
    .noValue('no data')
    .span(6)
    .height(8);
}
