import { describe, expect, it } from 'vitest';
import { importAlerting } from '../../src/import/alerting/index.js';
import type { JsonObject } from '../../src/model/index.js';

/**
 * Grafana's export (grafana/grafana pkg/services/ngalert/api/api_provisioning.go `escapeAlertingFileExport`, commit
 * 49f3fa91b36ec7558d052c2edfa61f03ef2dc420) writes `$` as `$$` in the rule-group fields its file reader expands (group
 * name and folder, rule title, labels, notification settings) and leaves annotations and query models as they are.
 * Contact points and policy trees are expanded by the reader too, so `$$` there is a `$` as well. The imported
 * definitions must hold the real text.
 */
const exported: JsonObject = {
  apiVersion: 1,
  groups: [{
    orgId: 1, name: 'Cost $$ alerts', folder: 'Costs $$1', interval: '1m',
    rules: [{
      uid: 'cost-1', title: 'Spend over $$5', condition: 'A', for: '1m', noDataState: 'NoData', execErrState: 'Error',
      labels: { team: 'fin$$ops' }, annotations: { summary: 'Spend {{ $labels.team }} at {{ $value }}' },
      data: [{ refId: 'A', datasourceUid: 'prom', relativeTimeRange: { from: 600, to: 0 }, model: { refId: 'A', expr: 'sum(rate(spend_total[$__rate_interval])) > 5' } }],
    }],
  }],
  contactPoints: [{ orgId: 1, name: 'fin hook', receivers: [{ uid: 'fin-hook', type: 'webhook', settings: { url: '$FIN_HOOK_URL', message: 'Over $$5: {{ $labels.team }}' } }] }],
  policies: [{ orgId: 1, receiver: 'grafana-default-email', group_by: ['grafana_folder', 'alertname'], routes: [{ receiver: 'fin hook', object_matchers: [['team', '=', 'fin$$ops']] }] }],
};

describe('importing a Grafana export unescapes $$ where Grafana expands', () => {
  it('the definitions hold the real text, the annotation, model and secret reference as written, and nothing is inexact', async () => {
    const result = await importAlerting([{ origin: 'export.yaml', document: exported }], { outDir: 'imported/alerting' });
    expect(result.refused).toEqual([]);
    // The importer regenerates its own output and compares it with the input under each kind's normaliser.
    expect(result.objects.flatMap((o) => o.inexact)).toEqual([]);
    const text = result.files.map((f) => f.text).join('\n');
    expect(text).not.toContain('$$');
    for (const real of ['Cost $ alerts', 'Costs $1', 'Spend over $5', 'fin$ops', 'Over $5: {{ $labels.team }}', 'Spend {{ $labels.team }} at {{ $value }}', '$__rate_interval']) {
      expect(text).toContain(real);
    }
    expect(result.objects.find((o) => o.kind === 'rule-group')!.title).toContain('Cost $ alerts');
    // The secret setting keeps its reference: no new variable was made for it.
    expect(text).toContain('$FIN_HOOK_URL');
    expect(result.objects.flatMap((o) => o.changed).filter((c) => c.what.startsWith('secret replaced'))).toEqual([]);
  });
});
