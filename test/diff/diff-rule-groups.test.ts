import { describe, expect, it } from 'vitest';
import { diffObjects, diffRuleGroups } from '../../src/diff/index.js';

function rule(uid: string, overrides: Record<string, unknown> = {}) {
  return {
    uid, title: `Rule ${uid}`, condition: 'C', for: '1m', noDataState: 'NoData', execErrState: 'Error',
    labels: { severity: 'warning' }, annotations: { summary: `summary ${uid}` },
    data: [
      { refId: 'A', datasourceUid: 'prom', relativeTimeRange: { from: 600, to: 0 }, model: { expr: `max(k2_${uid})`, instant: true } },
      { refId: 'B', datasourceUid: '__expr__', model: { type: 'reduce', expression: 'A', reducer: 'last' } },
      { refId: 'C', datasourceUid: '__expr__', model: { type: 'threshold', expression: 'B', conditions: [{ evaluator: { type: 'gte', params: [2] } }] } },
    ],
    ...overrides,
  };
}
const group = (rules: unknown[], interval: unknown = 10) => ({ title: 'k2', folderUid: 'k2', interval, rules });

describe('diffRuleGroups', () => {
  it('is empty for the same group in the API shape and the file shape', () => {
    const file = { name: 'k2', folderUid: 'k2', interval: '10s', rules: [rule('b'), rule('a')] };
    const api = group([{ ...rule('a'), id: 3, orgID: 1, updated: 'x', provenance: 'api', keep_firing_for: '0s' }, { ...rule('b'), for: '1m0s' }]);
    expect(diffRuleGroups(api, file)).toEqual([]);
  });

  it('names each kind of rule change by uid', () => {
    const before = group([rule('a'), rule('b'), rule('gone')]);
    const changedA = rule('a', { condition: 'B', for: '5m', noDataState: 'Alerting', labels: { severity: 'critical' }, annotations: { summary: 'new' } });
    const changedB = rule('b');
    changedB.data[0]!.model = { expr: 'max(k2_b) > 0', instant: true };
    changedB.data[2]!.model = { type: 'threshold', expression: 'B', conditions: [{ evaluator: { type: 'gte', params: [3] } }] };
    const after = group([changedA, changedB, rule('new')], 30);
    const changes = diffRuleGroups(before, after);
    expect(changes.map((c) => [c.kind, c.rule?.uid ?? null, c.ref ?? null])).toEqual([
      ['group-interval-changed', null, null],
      ['rule-annotations-changed', 'a', 'summary'],
      ['rule-condition-changed', 'a', null],
      ['rule-for-changed', 'a', null],
      ['rule-labels-changed', 'a', 'severity'],
      ['rule-state-changed', 'a', null],
      ['rule-query-changed', 'b', 'A'],
      ['rule-threshold-changed', 'b', 'C'],
      ['rule-added', 'new', null],
      ['rule-removed', 'gone', null],
    ]);
    expect(changes.find((c) => c.kind === 'rule-threshold-changed')!.summary).toBe('rule "Rule b" threshold (C): gte 2 -> gte 3');
    expect(changes.find((c) => c.kind === 'rule-query-changed')).toMatchObject({ before: 'max(k2_b)', after: 'max(k2_b) > 0' });
    expect(changes[0]!.summary).toBe('evaluation interval "10s" -> "30s"');
  });

  it('diffObjects handles added / removed objects and leaf changes of normalised forms', () => {
    expect(diffObjects('rule-group', undefined, group([rule('a')]) as never, { key: 'f/g' }).map((c) => c.kind)).toEqual(['object-added']);
    const changes = diffObjects('contact-point', { uid: 'cp', name: 'k2', type: 'webhook', settings: { url: '$URL' } }, { uid: 'cp', name: 'k2', type: 'webhook', settings: { url: '$URL', httpMethod: 'POST' } }, { key: 'cp' });
    expect(changes.map((c) => [c.kind, c.path, c.after])).toEqual([['field-changed', 'settings.httpMethod', 'POST']]);
  });
});
