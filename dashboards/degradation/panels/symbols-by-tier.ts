import { ReduceDataOptionsBuilder, VizOrientation } from '@grafana/grafana-foundation-sdk/common';
import { PanelBuilder as BarGaugeBuilder } from '@grafana/grafana-foundation-sdk/bargauge';
import { keyedPanel, promQuery } from '../../../src/definitions/entry.js';
import type { Catalog } from '../../catalog-type.js';
import { currentLevel, tierLabel } from '../promql.js';

/**
 * How many symbols of each tier are processed or dropped right now. K2 exports no such metric, so it is derived
 * from the current level and the catalog's tiers: a tier is dropped from its `droppedFrom` level up.
 */
export function symbolsByTierPanel(catalog: Catalog) {
  const level = currentLevel(catalog);
  const total = catalog.tiers.reduce((n, t) => n + t.symbols.length, 0);
  const processing = catalog.levels.find((l) => l.value === 0)?.color ?? 'green';
  const dropped = catalog.levels[catalog.levels.length - 1].color;
  const panel = new BarGaugeBuilder()
    .title('Symbols processing vs dropped per tier')
    .description(
      'Symbols of each tier being processed or dropped at the current level. ' +
        catalog.tiers
          .map((t) => {
            const from = catalog.levels.find((l) => l.value === t.droppedFrom);
            return `${tierLabel(catalog, t.tier)}: ${from ? `dropped from ${from.name}` : 'never dropped'}`;
          })
          .join('; ') +
        '.',
    )
    .unit('none')
    .decimals(0)
    .min(0)
    .max(total)
    .orientation(VizOrientation.Horizontal)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']))
    .overrideByRegexp('.* processing .*', [{ id: 'color', value: { mode: 'fixed', fixedColor: processing } }])
    .overrideByRegexp('.* dropped .*', [{ id: 'color', value: { mode: 'fixed', fixedColor: dropped } }])
    .span(12)
    .height(8);
  for (const tier of catalog.tiers) {
    const n = tier.symbols.length;
    const label = tierLabel(catalog, tier.tier);
    const [tierWord, rest] = [label.slice(0, label.indexOf(' (')), label.slice(label.indexOf(' ('))];
    // `<level> < bool N` is 1 below the tier's drop level and 0 from it up; a never-dropped tier is always processed.
    const processingExpr = tier.droppedFrom === undefined ? `${level} * 0 + ${n}` : `(${level} < bool ${tier.droppedFrom}) * ${n}`;
    const droppedExpr = tier.droppedFrom === undefined ? `${level} * 0` : `(${level} >= bool ${tier.droppedFrom}) * ${n}`;
    panel.withTarget(promQuery(processingExpr, { instant: true, legend: `${tierWord} processing${rest}` }));
    panel.withTarget(promQuery(droppedExpr, { instant: true, legend: `${tierWord} dropped${rest}` }));
  }
  return keyedPanel('symbols-by-tier', panel);
}
