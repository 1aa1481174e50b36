import * as catalog from '../../dashboards/catalog.js';

// src/ is the generic library: no file under it names anything of K2. The list is derived from K2's catalog, so a
// name added there is held here too. The rule, for every file under src/ (code, strings, comments, JSON alike):
// - case-sensitive and whole-word, where a word is a run of [A-Za-z0-9_]: `k2-degradation` is found in
//   `dashboards/k2-degradation.ts`, `normal` is not found in `normalise`, `LIGHT` is not found in `light`;
// - plain English words in the list (the level code names normal, soft, graceful, aggressive) count like any other
//   name: src/ is phrased without them, so the rule needs no judgement about what a word means where it stands;
// - allowed: the tool's own names, `k2-grafana`, `K2GrafanaError` and the `k2_grafana_hash` marker (taken out of the
//   text before matching, so the folder uid `k2` can be in the list);
// - not in the list: label values that are common technical words and not K2's alone (`crypto`, as in node:crypto).

export const allowed = ['k2-grafana', 'K2GrafanaError', 'k2_grafana_hash'];

/** Every K2 name the catalog holds that src/ must not carry, with what it is. */
export function k2Names(): Map<string, string> {
  const names = new Map<string, string>();
  const add = (kind: string, ...values: string[]) => {
    for (const value of values) if (!names.has(value)) names.set(value, kind);
  };
  add('metric', ...catalog.metricNames);
  for (const level of catalog.levels) add('level code name', level.code), add('level display name', level.name);
  for (const tier of catalog.tiers) {
    add('tier', tier.tier);
    add('tier symbol', ...tier.symbols, ...tier.symbols.map(catalog.symbolDisplayName));
    if (tier.shedReason) add('shed reason', tier.shedReason);
  }
  add('shed reason', catalog.criticalShedReason);
  add('circuit breaker', ...catalog.breakers);
  add('annotation tag', catalog.grafana.simulationAnnotationTag, catalog.grafana.levelChangeAnnotationTag);
  add('container', ...Object.values(catalog.containers));
  add('Grafana uid or title', catalog.grafana.datasourceUid, catalog.grafana.degradationDashboardUid, catalog.grafana.folder.uid, catalog.grafana.folder.title);
  add('label value', catalog.standardLabels.service, catalog.consumerLabels.exchange, catalog.consumerLabels.topic, catalog.consumerLabels.consumer_group);
  return names;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const wholeWord = (name: string) => new RegExp(`(?<![A-Za-z0-9_])${escape(name)}(?![A-Za-z0-9_])`, 'g');

/** `file:line: name (kind)` for every K2 name in `text`. */
export function hits(file: string, text: string, names: Map<string, string>): string[] {
  const out: string[] = [];
  text.split('\n').forEach((raw, index) => {
    let line = raw;
    for (const name of allowed) line = line.split(name).join(' ');
    for (const [name, kind] of names) {
      if (wholeWord(name).test(line)) out.push(`${file}:${index + 1}: ${name} (${kind})`);
    }
  });
  return out;
}

