import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importAlerting, parseAlertingFile, recogniseAlerting, type AlertingInput } from '../../src/import/alerting/index.js';
import type { ImportResult } from '../../src/import/import-result.js';
import { defaultRegistry } from '../../src/kinds/registry.js';
import type { JsonObject, ProjectDefinition } from '../../src/model/index.js';
import { generate } from '../../src/render/index.js';
import { buildProject } from '../../dashboards/index.js';

const root = resolve(import.meta.dirname, '../..');
const shared = join(root, '../shared/fixtures/alerting');
const own = join(root, 'test/import/alerting-fixtures');
const OUT = 'imported/alerting';

function inputsOf(...paths: string[]): AlertingInput[] {
  return paths.flatMap((path) => {
    const parsed = parseAlertingFile(path, readFileSync(path, 'utf8'));
    if (parsed.refused) throw new Error(`${path}: ${parsed.refused.reason}`);
    return parsed.inputs;
  });
}

const sharedFiles = readdirSync(shared).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(shared, f));
const builderCovered = ['mute-timings.yaml', 'contact-point-secret.yaml', 'nested-policies.yaml', 'multi-rule-group.yaml', 'export-endpoint.json'].map((f) => join(own, f));
const FAKE_SECRETS = ['k2fakeimportsecret1', 'k2fakeimportsecret2', 'k2fakeimportsecret3', 'k2fakeimportsecret4'];

/**
 * The test's own round trip, independent of the importer's: the generated modules are written into a scratch folder
 * of the repository (so they resolve the SDK from node_modules and the definitions entry through a tsconfig path),
 * imported by vitest's own loader, generated, and every object parsed and normalised by its kind.
 */
class Scratch {
  private readonly base = (mkdirSync(join(root, '.test-tmp'), { recursive: true }), mkdtempSync(join(root, '.test-tmp/alert-import-')));
  private writes = 0;
  /** A new folder per write: the module loader caches by path. */
  dir = this.base;

  write(result: ImportResult, specifier = 'k2-grafana/definitions'): void {
    this.dir = join(this.base, String(++this.writes));
    const entry = join(root, 'src/definitions/entry.js');
    for (const file of result.files) {
      const at = join(this.dir, file.path);
      mkdirSync(dirname(at), { recursive: true });
      // Under vitest a relative `.js` specifier reaches the `.ts` source.
      const relativeEntry = `${'../'.repeat(file.path.split('/').length - 1 + this.dir.slice(root.length + 1).split('/').length)}${entry.slice(root.length + 1)}`;
      writeFileSync(at, file.text.split(`from '${specifier}'`).join(`from '${relativeEntry}'`));
    }
  }

  async project(result: ImportResult, extra: Partial<ProjectDefinition> = {}): Promise<ProjectDefinition> {
    const project: Record<string, unknown[]> = {};
    for (const entry of result.index) {
      const module = (await import(join(this.dir, entry.module))) as Record<string, unknown>;
      (project[entry.field] ??= []).push(module[entry.exportName]);
    }
    return { name: 'test', knownMetrics: [], ...project, ...extra, folders: [...((extra.folders ?? []) as []), ...((project.folders ?? []) as [])] } as ProjectDefinition;
  }

  remove(): void {
    rmSync(this.base, { recursive: true, force: true });
  }
}

const ctx = { owner: 'test', entries: () => [] };

/** Every object of the alerting sections of some documents, normalised by its kind, by kind and key. */
function normalisedObjects(documents: readonly (readonly [string, JsonObject])[], secretSettings: Record<string, string[]> = {}): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  for (const handler of defaultRegistry.handlers.values()) {
    if (!handler.files || handler.files.section.endsWith('/')) continue;
    for (const [file, doc] of documents) {
      if (doc[handler.files.section] === undefined) continue;
      for (const { spec } of handler.files.parse(doc, file, ctx)) {
        const key = handler.key(spec);
        const withSecrets = handler.kind === 'contact-point' ? { ...spec, secretSettings: secretSettings[key] ?? [] } : spec;
        out.set(`${handler.kind} ${key}`, handler.normalise(withSecrets, withSecrets));
      }
    }
  }
  return out;
}

function documentsOf(paths: readonly string[]): [string, JsonObject][] {
  return inputsOf(...paths).map((i) => [i.origin, i.document as JsonObject]);
}

function regeneratedDocuments(project: ProjectDefinition): [string, JsonObject][] {
  return [...generate(project)].filter(([p]) => p.endsWith('.yaml')).map(([p, text]) => [p, parseYaml(text) as JsonObject]);
}

describe('importAlerting: exact round trip', () => {
  const scratch = new Scratch();
  afterAll(() => scratch.remove());

  it.each([
    ['the shared fixtures', sharedFiles],
    ['our feature fixtures', builderCovered],
  ])('%s import, and generate of the generated modules gives objects equal to the originals under each kind\'s normaliser', async (_name, files) => {
    const result = await importAlerting(inputsOf(...files), { outDir: OUT });
    expect(result.refused).toEqual([]);
    expect(result.objects.flatMap((o) => o.inexact)).toEqual([]);
    scratch.write(result);
    const project = await scratch.project(result);
    const secrets: Record<string, string[]> = {};
    for (const point of (project.contactPoints ?? [])) secrets[String(point.contactPoint.uid)] = [...point.secretSettings];
    const before = normalisedObjects(documentsOf(files), secrets);
    const after = normalisedObjects(regeneratedDocuments(project), secrets);
    // A policy tree with no routes under the root has nothing to define (generate writes the root alone).
    for (const [key, value] of before) if (key.startsWith('policy ') && (value.routes as unknown[]).length === 0) before.delete(key);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [key, value] of before) expect(after.get(key), key).toEqual(value);
    expect(before.size).toBeGreaterThanOrEqual(files === sharedFiles ? 3 : 12);
  });

  it('reports a field that does not come back as an inexact item naming its path (a root policy setting generate does not write)', async () => {
    const doc = { apiVersion: 1, policies: [{ orgId: 1, receiver: 'someone-else', group_by: ['alertname'], group_wait: '1m', routes: [{ receiver: 'someone-else' }] }] };
    const result = await importAlerting([{ origin: 'tree.yaml', document: doc }], { outDir: OUT });
    const items = result.objects.flatMap((o) => o.inexact);
    expect(items.map((i) => i.path).sort()).toEqual(['group_by', 'group_wait', 'receiver']);
    expect(items.every((i) => i.within === 'notification policy tree root')).toBe(true);
  });

  it('builder-covered inputs (written as K2 writes its alerting) use no raw part; a foreign model that no builder builds exactly does', async () => {
    const covered = await importAlerting(inputsOf(...builderCovered), { outDir: OUT });
    expect(covered.objects.flatMap((o) => o.raw)).toEqual([]);
    expect(covered.files.some((f) => /\b(raw|withRaw)\(/.test(f.text))).toBe(false);
    const cart = await importAlerting(inputsOf(join(shared, 'otel-demo-cart-service-rules.yml')), { outDir: OUT });
    // The threshold expression still carries a classic `conditions` block (operator, query, reducer): no builder type takes it.
    expect(cart.objects[0]!.raw.map((r) => r.path)).toContain('rules[0].data[1].model');
    expect(cart.files[0]!.text).toContain('raw<Dataquery>({');
  });

  it('K2\'s generated alerting files import without raw parts, and regenerating them is byte-identical to provisioning/', async () => {
    const k2 = ['rule-groups', 'contact-points', 'policies', 'mute-timings', 'templates'].map((f) => join(root, `provisioning/alerting/${f}.yaml`));
    const k2Folders = buildProject().folders ?? [];
    const result = await importAlerting(inputsOf(...k2), { outDir: OUT, project: { name: 'other', knownMetrics: [], folders: k2Folders } });
    expect(result.refused).toEqual([]);
    expect(result.objects.flatMap((o) => [...o.raw, ...o.inexact])).toEqual([]);
    expect(result.files.map((f) => f.path)).not.toContain(`${OUT}/folders.ts`);
    scratch.write(result);
    const project = await scratch.project(result, { folders: k2Folders });
    const artifacts = generate(project, { definitionsDir: 'dashboards' });
    for (const path of k2) {
      const name = `alerting/${path.split('/').pop()}`;
      expect(artifacts.get(name), name).toBe(readFileSync(path, 'utf8'));
    }
  });
});

describe('importAlerting: readable, deterministic, typed output', () => {
  const all = [...sharedFiles, ...builderCovered];
  let first: ImportResult;
  let scratch: Scratch;
  beforeAll(async () => {
    first = await importAlerting(inputsOf(...all), { outDir: OUT });
    scratch = new Scratch();
  });
  afterAll(() => scratch.remove());

  it('importing the same input twice gives byte-identical files', async () => {
    const second = await importAlerting(inputsOf(...all), { outDir: OUT });
    expect(second.files).toEqual(first.files);
    expect(second.index).toEqual(first.index);
  });

  it('one module per rule group, contact point, policy tree, mute timing and template, named from titles, registered by the ProjectDefinition field of each kind', () => {
    const paths = first.files.map((f) => f.path);
    expect(paths).toContain(`${OUT}/rule-groups/open-telemetry-demo-1m.ts`);
    expect(paths).toContain(`${OUT}/contact-points/ops-chat.ts`);
    expect(paths).toContain(`${OUT}/policies/notification-policy-routes.ts`);
    expect(paths).toContain(`${OUT}/mute-timings/weekend-nights.ts`);
    expect(paths).toContain(`${OUT}/templates/test-template.ts`);
    const fields = new Set([...defaultRegistry.handlers.values()].map((h) => h.definitions.field));
    expect(first.index.every((e) => fields.has(e.field))).toBe(true);
    expect(new Set(first.index.map((e) => e.exportName)).size).toBe(first.index.length);
    expect(first.index.find((e) => e.key === 'checkout/checkout-slo')?.exportName).toBe('checkoutSloRuleGroup');
  });

  it('every index entry has its imported object (same kind and key), so the command can record where each came from', () => {
    const fieldOf = (kind: string) => defaultRegistry.handlers.get(kind as never)?.definitions.field;
    const objects = new Set(first.objects.map((o) => `${fieldOf(o.kind)} ${o.key}`));
    expect(first.index.filter((e) => !objects.has(`${e.field} ${e.key}`))).toEqual([]);
    expect(first.objects.filter((o) => o.kind === 'contact-point').map((o) => o.key)).toEqual(expect.arrayContaining(['ops-slack', 'ops-hook', 'oncall-pager']));
    expect(first.objects.filter((o) => o.kind === 'policy').map((o) => [o.key, o.parts])).toEqual([['root', 0], ['routes[0]', 4], ['routes[1]', 1]]);
  });

  it('a definitions import given as a path from the project root is imported relatively from each module, and still round-trips', async () => {
    const result = await importAlerting(inputsOf(join(own, 'multi-rule-group.yaml')), { importedDir: 'dashboards/imported', definitionsImport: '/src/definitions/entry.ts' });
    const module = result.files.find((f) => f.path === 'dashboards/imported/alerting/rule-groups/checkout-slo.ts')!;
    expect(module.text).toContain("from '../../../../src/definitions/entry.js';");
    expect(result.objects.flatMap((o) => o.inexact)).toEqual([]);
  });

  it('the generated code is formatted by prettier (formatting it again changes nothing)', async () => {
    const prettier = await import('prettier');
    for (const file of first.files) {
      expect(await prettier.format(file.text, { parser: 'typescript', singleQuote: true, printWidth: 120, trailingComma: 'all' }), file.path).toBe(file.text);
    }
  });

  it('the generated code typechecks (tsc --noEmit over a scratch project importing k2-grafana/definitions)', () => {
    scratch.dir = join(scratch.dir, 'typecheck');
    for (const file of first.files) {
      mkdirSync(dirname(join(scratch.dir, file.path)), { recursive: true });
      writeFileSync(join(scratch.dir, file.path), file.text);
    }
    writeFileSync(join(scratch.dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'],
        paths: { 'k2-grafana/definitions': [join(root, 'src/definitions/entry.ts')] },
      },
      include: ['**/*.ts'],
    }));
    execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(scratch.dir, 'tsconfig.json')], { stdio: 'pipe' });
  }, 120_000);
});

describe('importAlerting: secrets', () => {
  it('literal secret settings become $VAR references, listed as requested changes, and the values appear in no file, report or index', async () => {
    const result = await importAlerting(inputsOf(join(own, 'contact-point-secret.yaml')), { outDir: OUT });
    const everything = JSON.stringify(result);
    for (const secret of FAKE_SECRETS) expect(everything).not.toContain(secret);
    const changes = result.objects.flatMap((o) => o.changed.map((c) => c.path));
    expect(changes.sort()).toEqual(['receivers[0].settings.integrationKey', 'receivers[0].settings.token', 'receivers[1].settings.password', 'receivers[1].settings.url']);
    const slack = result.files.find((f) => f.path.endsWith('ops-chat.ts'))!.text;
    expect(slack).toContain("token: '$CP_OPS_CHAT_TOKEN'");
    expect(slack).toContain("['password', 'url']");
    // The regenerated provisioning files hold the references too, never the values.
    const scratch = new Scratch();
    try {
      scratch.write(result);
      const project = await scratch.project(result);
      const files = [...generate(project).values()].join('\n');
      for (const secret of FAKE_SECRETS) expect(files).not.toContain(secret);
      expect(files).toContain('$CP_ON_CALL_PAGER_INTEGRATION_KEY');
    } finally {
      scratch.remove();
    }
  });

  it('a setting Grafana redacted in an export, or one that is already a $VAR reference, becomes or stays a reference', async () => {
    const result = await importAlerting(inputsOf(join(own, 'export-endpoint.json'), join(root, 'provisioning/alerting/contact-points.yaml')), { outDir: OUT });
    const texts = result.files.map((f) => f.text).join('\n');
    expect(texts).not.toContain('[REDACTED]');
    expect(texts).toContain("url: '$CP_PAYMENTS_SLACK_URL'");
    expect(texts).toContain("url: '$K2_ALERT_WEBHOOK_URL'");
  });
});

describe('importAlerting: Prometheus rule files', () => {
  const file = join(own, 'prometheus-rules.yaml');

  it('are recognised and refused without from: prometheus-rules, saying what they are and the flag to pass', async () => {
    expect(recogniseAlerting(inputsOf(file)[0]!.document)).toBe('prometheus-rules');
    const result = await importAlerting(inputsOf(file), { outDir: OUT });
    expect(result.files).toEqual([]);
    expect(result.refused).toEqual([{
      origin: file,
      reason: 'it is a Prometheus rule file (2 groups, 3 alerting and 1 recording rule), not Grafana\'s alerting format',
      hint: expect.stringContaining('--from prometheus-rules'),
    }]);
  });

  it('are converted as Grafana\'s converter does with from: prometheus-rules, and the generated groups round-trip', async () => {
    const result = await importAlerting(inputsOf(file), { outDir: OUT, from: 'prometheus-rules', prometheus: { datasourceUid: 'prom-main', folderUid: 'infra' } });
    expect(result.refused).toEqual([]);
    expect(result.objects.map((o) => [o.kind, o.key, o.parts, o.inexact])).toEqual([['rule-group', 'infra/node', 3, []], ['rule-group', 'infra/blackbox', 1, []], ['folder', 'infra', 0, []]]);
    // The SDK's RecordRuleBuilder writes `target_datasource_uid`, which the API does not read: the escape hatch says so.
    expect(result.objects.flatMap((o) => o.raw)).toEqual([{ path: 'rules[2].record', reason: 'RecordRuleBuilder has no method for: targetDatasourceUid' }]);
    const scratch = new Scratch();
    try {
      scratch.write(result);
      const project = await scratch.project(result);
      const [node, blackbox] = project.ruleGroups!.map((g) => g.group);
      const [down, , recording] = node!.rules as JsonObject[];
      expect(node!.interval).toBe(30);
      expect(blackbox!.interval).toBe(60);
      expect(down).toMatchObject({ title: 'NodeDown', condition: 'threshold', for: '2m', noDataState: 'OK', execErrState: 'OK', missingSeriesEvalsToResolve: 1, labels: { team: 'infra', severity: 'critical' } });
      expect((down!.data as JsonObject[]).map((q) => q.refId)).toEqual(['query', 'prometheus_math', 'threshold']);
      // Grafana's getUID: a name-based UUID of org, folder, group and position.
      expect(down!.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(recording).toMatchObject({ title: 'instance:node_cpu_utilisation:rate5m', record: { metric: 'instance:node_cpu_utilisation:rate5m', from: 'query', targetDatasourceUid: 'prom-main' } });
      expect((blackbox!.rules as JsonObject[])[0]!.uid).toBe('probe-failed');
      expect(result.objects[0]!.changed.map((c) => c.what).join('\n')).toContain('Grafana-managed recording rule');
    } finally {
      scratch.remove();
    }
  });

  it('need the datasource and folder to convert', async () => {
    const result = await importAlerting(inputsOf(file), { outDir: OUT, from: 'prometheus-rules' });
    expect(result.refused[0]!.reason).toContain('needs the Prometheus datasource uid and the folder uid');
  });
});

describe('importAlerting: bad input', () => {
  it('text that is not YAML or JSON is refused naming the file and the line', () => {
    const path = join(own, 'broken.yaml');
    const parsed = parseAlertingFile(path, readFileSync(path, 'utf8'));
    expect(parsed.inputs).toEqual([]);
    expect(parsed.refused?.origin).toBe(path);
    expect(parsed.refused?.reason).toMatch(/^not YAML or JSON \(line \d+\)/);
  });

  it('a document that is neither Grafana alerting nor Prometheus rules is refused saying what it is', async () => {
    const result = await importAlerting([...inputsOf(join(own, 'not-alerting.yaml')), { origin: 'dash.json', document: { title: 'x', panels: [] } }, { origin: 'v2.yaml', document: { apiVersion: 2, groups: [] } }], { outDir: OUT });
    expect(result.refused.map((r) => [r.origin, r.reason])).toEqual([
      [join(own, 'not-alerting.yaml'), 'it is a Grafana provisioning file for datasources, not alerting'],
      ['dash.json', 'it is a dashboard, not alerting'],
      ['v2.yaml', expect.stringContaining('apiVersion 2')],
    ]);
    const api = await importAlerting([{ origin: 'points.json', document: [{ uid: 'a', name: 'a', type: 'email' }] }, { origin: 'group.json', document: { title: 'g', folderUid: 'f', interval: 60, rules: [] } }], { outDir: OUT });
    expect(api.refused.map((r) => r.reason)).toEqual([expect.stringContaining('/export endpoints'), expect.stringContaining('rule group as the provisioning API returns it')]);
  });

  it('a rule group or contact point whose uid the project already defines is refused unless overwrite', async () => {
    const k2 = buildProject();
    const inputs = inputsOf(join(root, 'provisioning/alerting/rule-groups.yaml'), join(root, 'provisioning/alerting/contact-points.yaml'));
    const refused = await importAlerting(inputs, { outDir: OUT, project: k2 });
    expect(refused.refused.map((r) => r.reason)).toEqual([
      'rule group "k2/k2-degradation" is already defined in the project (dashboards/alerting/rules.ts)',
      'contact point "k2-webhook" is already defined in the project (dashboards/alerting/notifications.ts)',
    ]);
    expect(refused.refused.every((r) => r.hint.includes('--overwrite'))).toBe(true);
    const rule = await importAlerting([{ origin: 'copy.yaml', document: { apiVersion: 1, groups: [{ name: 'other', folder: 'K2', interval: '10s', rules: [(inputs[0]!.document as { groups: [{ rules: JsonObject[] }] }).groups[0].rules[0]] }] } }], { outDir: OUT, project: k2 });
    expect(rule.refused[0]!.reason).toBe('alert rule uid "k2-degradation-moderate" is already defined in the project (dashboards/alerting/rules.ts)');
    const overwritten = await importAlerting(inputs, { outDir: OUT, project: k2, overwrite: true });
    expect(overwritten.refused).toEqual([]);
    expect(overwritten.objects.flatMap((o) => o.inexact)).toEqual([]);
  });

  it('a rule Grafana would refuse (no title, no uid, no queries) is refused naming the group and the rule', async () => {
    const group = (rule: JsonObject) => ({ origin: 'g.yaml', document: { apiVersion: 1, groups: [{ name: 'g', folder: 'F', interval: '1m', rules: [rule] }] } });
    const data = [{ refId: 'A', datasourceUid: 'p', model: { expr: 'up' } }];
    const rules: JsonObject[] = [{ uid: 'u', data }, { title: 'T', data }, { uid: 'u', title: 'T' }];
    const results = await Promise.all(rules.map((rule) => importAlerting([group(rule)], { outDir: OUT })));
    expect(results.map((r) => r.refused[0]?.reason)).toEqual([
      'rule group "g", rule 1: has no title', 'rule group "g", rule 1 "T": has no uid', 'rule group "g", rule 1 "T": has no queries (data)',
    ]);
    expect(results.every((r) => r.files.length === 0 || r.refused.length > 0)).toBe(true);
  });

  it('two inputs defining one object, delete lists, and an output folder outside the project are refused', async () => {
    const point = { apiVersion: 1, contactPoints: [{ name: 'a', receivers: [{ uid: 'same', type: 'email', settings: { addresses: 'a@example.com' } }] }] };
    const twice = await importAlerting([{ origin: 'one.yaml', document: point }, { origin: 'two.yaml', document: point }], { outDir: OUT });
    expect(twice.refused).toEqual([{ origin: 'two.yaml', reason: 'contact point "same" is also imported from one.yaml', hint: expect.any(String) }]);
    const deletes = await importAlerting([{ origin: 'd.yaml', document: { apiVersion: 1, deleteRules: [{ orgId: 1, uid: 'x' }] } }], { outDir: OUT });
    expect(deletes.refused[0]!.reason).toContain('deleteRules');
    const outside = await importAlerting([{ origin: 'one.yaml', document: point }], { outDir: '../elsewhere' });
    expect(outside.refused[0]!.reason).toBe('the output folder is outside the project');
    expect(outside.files).toEqual([]);
  });
});
