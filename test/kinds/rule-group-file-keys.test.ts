import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ruleGroup } from '../../src/kinds/rule-group.js';
import type { JsonObject, ProjectDefinition } from '../../src/model/index.js';
import { generate } from '../../src/render/index.js';

/**
 * The file format spells some rule keys its own way (grafana/grafana pkg/services/provisioning/alerting/rules_types.go
 * `AlertRuleV1`: `keepFiringFor`, `missing_series_evals_to_resolve`, `dashboardUid`/`panelId` fields) where the API
 * (grafana-http-api.md 6.1) has `keep_firing_for`, `missingSeriesEvalsToResolve` and the `__dashboardUid__` /
 * `__panelId__` annotations. Grafana's file reader ignores the API spellings, so generate must write the file's.
 */
const apiRule: JsonObject = {
  uid: 'r1', title: 'R', condition: 'A', data: [{ refId: 'A', datasourceUid: 'p', model: { expr: 'up' } }],
  noDataState: 'NoData', execErrState: 'Error', for: '1m', keep_firing_for: '2m', missingSeriesEvalsToResolve: 3,
  annotations: { summary: 's', __dashboardUid__: 'dash', __panelId__: '7' },
};
const project: ProjectDefinition = {
  name: 'p', knownMetrics: [], folders: [{ uid: 'f', title: 'F' }],
  ruleGroups: [{ source: 'defs.ts', group: { title: 'g', folderUid: 'f', interval: 60, rules: [apiRule] } }],
};

describe('rule group files use the file format\'s key spellings', () => {
  const file = parseYaml(generate(project).get('alerting/rule-groups.yaml')!) as { groups: [{ rules: JsonObject[] }] };
  const [rule] = file.groups[0].rules;

  it('writes keepFiringFor, missing_series_evals_to_resolve and dashboardUid/panelId', () => {
    expect(rule).toMatchObject({ keepFiringFor: '2m', missing_series_evals_to_resolve: 3, dashboardUid: 'dash', panelId: 7, annotations: { summary: 's' } });
    expect(Object.keys(rule!)).not.toContain('keep_firing_for');
    expect(Object.keys(rule!.annotations as object)).toEqual(['summary']);
  });

  it('reads them back into the API spelling, so review compares what plan compares', () => {
    const [parsed] = ruleGroup.files!.parse(file as unknown as JsonObject, 'rule-groups.yaml', { owner: 'p', entries: () => [] });
    expect(parsed!.spec.rules[0]).toMatchObject({ keep_firing_for: '2m', missingSeriesEvalsToResolve: 3, annotations: { summary: 's', __dashboardUid__: 'dash', __panelId__: '7' } });
    // No dashboard provider maps the folder title to its uid here: the file names it F.
    expect(ruleGroup.normalise({ ...parsed!.spec, folderUid: 'f' })).toEqual(ruleGroup.normalise(ruleGroup.definitions.specs(project.ruleGroups!, { owner: 'p', editableRules: false })[0]!.spec));
  });
});
