import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { provision } from '../../src/apply/index.js';
import { defaultRegistry } from '../../src/kinds/index.js';
import type { JsonObject, ProjectDefinition } from '../../src/model/index.js';
import { desiredResources } from '../../src/plan/index.js';
import { escapeInterpolated, unescapeInterpolated } from '../../src/render/file-interpolation.js';
import { generate } from '../../src/render/index.js';
import { artifactObjects } from '../../src/review/artifact-objects.js';
import type { Emulator } from '../emulator/emulator.js';
import { emulator, testClient } from '../provision/helpers.js';
import { goExpandEnv, grafanaInterpolate, grafanaInterpolateAll, type Env } from './grafana-expand.js';

/**
 * Grafana expands environment variables in some fields of its provisioning files (`$$` is a literal `$`) and reads
 * others as written (docs/provisioning.md "Environment variables in provisioning files"). The files must read back
 * as the text the definitions hold where Grafana expands, keep `$VAR` secret references for Grafana to expand, and
 * parse back into the same resources plan builds; the API gets the text itself, never `$$`.
 */

const ANNOTATION = 'Consumer {{ $labels.service }} at {{ $value }}';
const EXPR = 'sum(rate(k2_messages_shed_total{symbol_tier="3"}[$__rate_interval]))';
const LABEL = 'costs $5 (${not_env})';
const TITLE = 'Shed $ rate';
const TEMPLATE = '{{ define "t" }}{{ $v := printf "%.0f" . }}level {{ $v }}{{ end }}';
const MESSAGE = 'Total: $5 {{ $labels.x }}';

const project: ProjectDefinition = {
  // The folder title is escaped alike in the dashboard provider and the rule group, which names the folder by it.
  name: 'dollars', knownMetrics: [], folders: [{ uid: 'f', title: 'F $1' }],
  dashboards: [{ source: 'defs.ts', folderUid: 'f', dashboard: { uid: 'd', title: 'D', panels: [], schemaVersion: 42 } }],
  datasources: [{ uid: 'prom', name: 'Prom', type: 'prometheus', access: 'proxy', url: '$PROM_URL', jsonData: { customQueryParameters: 'a=$b' } }],
  ruleGroups: [{
    source: 'defs.ts',
    group: {
      title: 'g', folderUid: 'f', interval: 60,
      rules: [{
        uid: 'r1', title: TITLE, condition: 'A', for: '1m', noDataState: 'NoData', execErrState: 'Error',
        labels: { cost: LABEL }, annotations: { summary: ANNOTATION },
        data: [{ refId: 'A', datasourceUid: 'prom', relativeTimeRange: { from: 600, to: 0 }, model: { refId: 'A', expr: EXPR } }],
      }],
    },
  }],
  contactPoints: [{
    source: 'defs.ts', secretSettings: ['url'],
    contactPoint: { uid: 'cp1', name: 'hook', type: 'webhook', settings: { url: '$K2_TEST_HOOK', message: MESSAGE } },
  }],
  policies: [{ source: 'defs.ts', route: { receiver: 'hook', object_matchers: [['note', '=', 'a$b']] } }],
  templates: [{ source: 'defs.ts', template: { name: 't', template: TEMPLATE } }],
};

const env: Env = { K2_TEST_HOOK: 'https://hooks.example.test/s3cr3t', PROM_URL: 'http://prom:9090', labels: 'EXPANDED', value: 'EXPANDED', v: 'EXPANDED', b: 'EXPANDED' };
const files = generate(project);
const yamlOf = (path: string): JsonObject => parseYaml(files.get(path)!) as JsonObject;
const rule = (doc: JsonObject): JsonObject => ((doc.groups as JsonObject[])[0]!.rules as JsonObject[])[0]!;
const receiver = (doc: JsonObject): JsonObject => ((doc.contactPoints as JsonObject[])[0]!.receivers as JsonObject[])[0]!;

describe('the helper is the inverse of Grafana\'s interpolateValue', () => {
  const samples = ['', '$', '$$', '$$$', 'a$b', '${X}', '$X', '$__env{X}', '$__file{/etc/passwd}', '{{ $labels.a }}', '$1 $* $?', 'x$', '${', '${}', '$$$$X$'];
  it('reads every escaped string back as written, with variables set or not', () => {
    for (const text of samples) {
      expect(grafanaInterpolate(escapeInterpolated(text), { X: 'set', labels: 'set' })).toBe(text);
      expect(grafanaInterpolate(escapeInterpolated(text), {})).toBe(text);
      expect(unescapeInterpolated(escapeInterpolated(text))).toBe(text);
    }
  });
  it('keeps a reference that was not escaped for Grafana to expand', () => {
    expect(unescapeInterpolated('$K2_TEST_HOOK')).toBe('$K2_TEST_HOOK');
    expect(grafanaInterpolate('$K2_TEST_HOOK', env)).toBe(env.K2_TEST_HOOK);
    expect(grafanaInterpolate('${K2_TEST_HOOK}', env)).toBe(env.K2_TEST_HOOK);
  });
  it('the re-implementation follows Go\'s os.ExpandEnv (unset is empty, a lone $ stays, ${} is eaten)', () => {
    expect(goExpandEnv('a $NOPE b', {})).toBe('a  b');
    expect(goExpandEnv('cost $ 5 $', {})).toBe('cost $ 5 $');
    expect(goExpandEnv('x${}y', {})).toBe('xy');
    expect(grafanaInterpolate('{{ $labels.service }}', {})).toBe('{{ .service }}');
  });
});

describe('the files hold $$ exactly where Grafana expands', () => {
  it('rule groups: escaped title and labels; annotations and the query model as written', () => {
    const r = rule(yamlOf('alerting/rule-groups.yaml'));
    expect(r.title).toBe('Shed $$ rate');
    expect((yamlOf('alerting/rule-groups.yaml').groups as JsonObject[])[0]!.folder).toBe('F $$1');
    expect((yamlOf('dashboards/provider.yaml').providers as JsonObject[])[0]!.folder).toBe('F $$1');
    expect((r.labels as JsonObject).cost).toBe('costs $$5 ($${not_env})');
    expect((r.annotations as JsonObject).summary).toBe(ANNOTATION);
    expect(((r.data as JsonObject[])[0]!.model as JsonObject).expr).toBe(EXPR);
  });
  it('contact points: a literal $ doubled, the secret reference single', () => {
    const settings = receiver(yamlOf('alerting/contact-points.yaml')).settings as JsonObject;
    expect(settings.url).toBe('$K2_TEST_HOOK');
    expect(settings.message).toBe('Total: $$5 {{ $$labels.x }}');
  });
  it('templates as written (Grafana reads them verbatim); policy matchers and datasource jsonData escaped, url a reference', () => {
    expect((yamlOf('alerting/templates.yaml').templates as JsonObject[])[0]!.template).toBe(TEMPLATE);
    expect(files.get('alerting/policies.yaml')).toContain('a$$b');
    const ds = (yamlOf('datasources/prometheus.yaml').datasources as JsonObject[])[0]!;
    expect(ds.url).toBe('$PROM_URL');
    expect((ds.jsonData as JsonObject).customQueryParameters).toBe('a=$$b');
  });
});

describe('Grafana reading the files gets the intended text', () => {
  it('rule group: each field as rules_types.go reads it (annotations and model Raw, the rest Value)', () => {
    const r = rule(yamlOf('alerting/rule-groups.yaml'));
    const query = (r.data as JsonObject[])[0]!;
    expect(grafanaInterpolate(String(r.title), env)).toBe(TITLE);
    expect(grafanaInterpolateAll(r.labels, env)).toEqual({ cost: LABEL });
    expect(grafanaInterpolate(String(r.condition), env)).toBe('A');
    expect(grafanaInterpolate(String(query.datasourceUid), env)).toBe('prom');
    // `.Raw`: as written.
    expect((r.annotations as JsonObject).summary).toBe(ANNOTATION);
    expect((query.model as JsonObject).expr).toBe(EXPR);
  });
  it('contact point settings (JSONValue.Value): the secret expanded, the literal kept', () => {
    expect(grafanaInterpolateAll(receiver(yamlOf('alerting/contact-points.yaml')).settings, env)).toEqual({ url: env.K2_TEST_HOOK, message: MESSAGE });
  });
  it('policy tree (JSONValue.Value) and datasource (every field Value)', () => {
    const tree = grafanaInterpolateAll((yamlOf('alerting/policies.yaml').policies as JsonObject[])[0]!, env);
    expect(((tree.routes as JsonObject[])[0]!.object_matchers as string[][])[0]).toEqual(['note', '=', 'a$b']);
    const ds = grafanaInterpolateAll((yamlOf('datasources/prometheus.yaml').datasources as JsonObject[])[0]!, env);
    expect(ds).toMatchObject({ url: env.PROM_URL, name: 'Prom', jsonData: { customQueryParameters: 'a=$b' } });
  });
});

describe('parsing the files gives back the definitions', () => {
  const desired = desiredResources(project, { owner: 'k2-grafana/dollars', env: { K2_TEST_HOOK: env.K2_TEST_HOOK } });
  const parsed = artifactObjects(files, { owner: 'k2-grafana/dollars' });
  for (const kind of ['rule-group', 'contact-point', 'policy', 'datasource', 'notification-template']) {
    it(`${kind}: the normalised resource from the files equals the one from the definitions`, () => {
      const handler = defaultRegistry.handlers.get(kind)!;
      const want = desired.filter((r) => r.kind === kind);
      const got = parsed.filter((r) => r.kind === kind);
      expect(got.map((r) => r.key)).toEqual(want.map((r) => r.key));
      for (const w of want) {
        const g = got.find((r) => r.key === w.key)!;
        expect(handler.normalise(g.spec as never, w.spec as never)).toEqual(handler.normalise(w.spec as never, g.spec as never));
      }
    });
  }
  it('the parsed texts are the originals, not $$', () => {
    const group = parsed.find((r) => r.kind === 'rule-group')!.spec as { rules: JsonObject[] };
    expect(group.rules[0]).toMatchObject({ title: TITLE, labels: { cost: LABEL }, annotations: { summary: ANNOTATION } });
    const point = parsed.find((r) => r.kind === 'contact-point')!.spec as { contactPoint: { settings: JsonObject } };
    expect(point.contactPoint.settings).toEqual({ url: '$K2_TEST_HOOK', message: MESSAGE });
  });
});

describe('the API path sends the text itself', () => {
  let emu: Emulator;
  beforeAll(async () => { emu = await emulator(); });
  afterAll(async () => { await emu.close(); });

  it('no write carries $$; the rule and contact point hold the intended text, the secret resolved', async () => {
    await provision({ project: { ...project, datasources: [], dashboards: [] }, client: testClient(emu), env: { K2_TEST_HOOK: env.K2_TEST_HOOK } });
    const bodies = emu.writes().map((r) => JSON.stringify(r.body ?? null));
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) expect(body).not.toContain('$$');
    const ruleWrite = emu.writes().find((r) => r.path.includes('/rule-groups/'))!;
    expect(JSON.stringify(ruleWrite.body)).toContain(JSON.stringify(ANNOTATION).slice(1, -1));
    const point = emu.writes().find((r) => r.path.startsWith('/api/v1/provisioning/contact-points'))!.body as { settings: JsonObject };
    expect(point.settings).toMatchObject({ url: env.K2_TEST_HOOK, message: MESSAGE });
  });
});
