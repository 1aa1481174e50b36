import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildProject, prometheusRules, project } from '../../dashboards/index.js';
import type { ArtifactSet } from '../../src/model/index.js';
import { generate } from '../../src/render/index.js';

const root = join(import.meta.dirname, '../..');
const digest = (artifacts: ArtifactSet) => {
  const hash = createHash('sha256');
  for (const [path, content] of artifacts) hash.update(`${path}\0${content}\0`);
  return hash.digest('hex');
};

function keysSorted(value: unknown, at = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keysSorted(v, `${at}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const keys = Object.keys(value);
  const sorted = [...keys].sort();
  const here = keys.join() === sorted.join() ? [] : [at];
  return [...here, ...keys.flatMap((k) => keysSorted((value as Record<string, unknown>)[k], `${at}.${k}`))];
}

describe('generate', () => {
  const artifacts = generate(project, { prometheusRules });

  it('lays files out as Grafana file provisioning expects, sorted by path', () => {
    expect([...artifacts.keys()]).toEqual([
      'alerting/contact-points.yaml',
      'alerting/mute-timings.yaml',
      'alerting/policies.yaml',
      'alerting/rule-groups.yaml',
      'alerting/templates.yaml',
      'dashboards/k2/k2-degradation.json',
      'dashboards/provider.yaml',
      'datasources/prometheus.yaml',
      'library-panels/k2-degradation-level-now.json',
      'prometheus/rules.yaml',
    ]);
  });

  it('gives byte-identical files when run twice, and from a fresh project build', () => {
    expect(digest(generate(project, { prometheusRules }))).toBe(digest(artifacts));
    expect(digest(generate(buildProject(), { prometheusRules }))).toBe(digest(artifacts));
  });

  it('gives byte-identical files across processes', () => {
    const script = [
      "const { createHash } = await import('node:crypto');",
      "const { project, prometheusRules } = await import('./dashboards/index.ts');",
      "const { generate } = await import('./src/render/index.ts');",
      "const h = createHash('sha256');",
      "for (const [p, c] of generate(project, { prometheusRules })) h.update(`${p}\\0${c}\\0`);",
      'console.log(h.digest("hex"));',
    ].join('\n');
    const run = () => {
      const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: root,
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(result.stderr).toBe('');
      return result.stdout.trim();
    };
    const first = run();
    expect(first).toBe(digest(artifacts));
    expect(run()).toBe(first);
  });

  it('writes canonical JSON and YAML: sorted keys, 2-space indent, final newline', () => {
    for (const [path, content] of artifacts) {
      expect(content.endsWith('\n'), path).toBe(true);
      expect(content.endsWith('\n\n'), path).toBe(false);
      const value = path.endsWith('.json') ? JSON.parse(content) : parse(content);
      expect(keysSorted(value), path).toEqual([]);
      if (path.endsWith('.json')) expect(content).toBe(`${JSON.stringify(value, null, 2)}\n`);
    }
  });

  it('writes no server-owned dashboard fields and pins schemaVersion', () => {
    const dashboard = JSON.parse(artifacts.get('dashboards/k2/k2-degradation.json') as string);
    for (const field of ['id', 'version', 'iteration']) expect(dashboard).not.toHaveProperty(field);
    expect(dashboard.schemaVersion).toBe(42);
  });

  it('never writes the webhook URL, only its environment reference', () => {
    const secret = 'https://hooks.invalid/very-secret-token';
    const saved = process.env.K2_ALERT_WEBHOOK_URL;
    process.env.K2_ALERT_WEBHOOK_URL = secret;
    try {
      const withEnv = generate(buildProject(), { prometheusRules });
      for (const [path, content] of withEnv) expect(content, path).not.toContain(secret);
      const contactPoints = parse(withEnv.get('alerting/contact-points.yaml') as string);
      expect(contactPoints.contactPoints[0].receivers[0].settings.url).toBe('$K2_ALERT_WEBHOOK_URL');
      // No literal URL anywhere but the compose-internal Prometheus address.
      const urls = [...withEnv.values()].join('\n').match(/https?:\/\/[^\s"']+/g) ?? [];
      expect(new Set(urls)).toEqual(new Set(['http://prometheus:9090']));
    } finally {
      if (saved === undefined) delete process.env.K2_ALERT_WEBHOOK_URL;
      else process.env.K2_ALERT_WEBHOOK_URL = saved;
    }
  });

  it('writes alerting files in the apiVersion 1 provisioning format with the folder title', () => {
    const groups = parse(artifacts.get('alerting/rule-groups.yaml') as string);
    expect(groups.apiVersion).toBe(1);
    expect(groups.groups[0]).toMatchObject({ name: 'k2-degradation', folder: 'K2', interval: '10s', orgId: 1 });
    for (const rule of groups.groups[0].rules) {
      expect(rule).not.toHaveProperty('orgID');
      expect(rule).not.toHaveProperty('folderUID');
      expect(rule.condition).toBe('C');
    }
    const policies = parse(artifacts.get('alerting/policies.yaml') as string);
    expect(policies.policies[0].routes[0].object_matchers).toEqual([['team', '=', 'k2']]);
    const datasources = parse(artifacts.get('datasources/prometheus.yaml') as string);
    expect(datasources.datasources[0]).toMatchObject({ uid: 'k2-prometheus', type: 'prometheus', url: 'http://prometheus:9090' });
    const providers = parse(artifacts.get('dashboards/provider.yaml') as string);
    expect(providers.providers[0]).toMatchObject({ folderUid: 'k2', folder: 'K2', options: { path: '/etc/grafana/provisioning/dashboards/k2' } });
  });

  it('names the definition file when a rule group points at an undeclared folder', () => {
    const broken = { ...project, folders: [] };
    expect(() => generate(broken)).toThrow(/dashboards\/.*: names folder uid "k2", which the project does not declare/);
  });
});
