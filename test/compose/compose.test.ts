import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { grafana as k2Grafana } from '../../dashboards/catalog.js';
import type { CliIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';

const root = resolve(import.meta.dirname, '..', '..');
const run = promisify(execFile);

interface Service {
  image?: string;
  command?: string | string[];
  volumes?: string[];
  ports?: string[];
}
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service> };
const services = compose.services;

/** `source:target[:mode]` of a bind mount; named volumes (no `.` or `/` start) are skipped. */
function bindMounts(service: Service): { source: string; target: string }[] {
  return (service.volumes ?? [])
    .map((v) => v.split(':'))
    .filter(([source]) => source!.startsWith('.') || source!.startsWith('/'))
    .map(([source, target]) => ({ source: source!, target: target! }));
}

function yamlFiles(folder: string): string[] {
  const dir = join(root, folder);
  return existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(dir, f)) : [];
}

describe('docker-compose.yml', () => {
  it('runs Grafana, Prometheus and the demo target', () => {
    expect(Object.keys(services).sort()).toEqual(['demo-target', 'grafana', 'prometheus']);
  });

  it('pins every image to an explicit version tag (never latest or a bare major)', () => {
    for (const [name, service] of Object.entries(services)) {
      const image = service.image ?? '';
      const tag = /:([^/:]+)$/.exec(image)?.[1];
      expect(tag, `${name}: ${image} has no tag`).toBeDefined();
      expect(tag, `${name}: ${image}`).not.toBe('latest');
      expect(tag, `${name}: ${image} must name major.minor.patch`).toMatch(/^v?\d+\.\d+\.\d+/);
    }
    expect(services.grafana!.image).toMatch(/^grafana\/grafana:12\.\d+\.\d+$/);
    expect(services['demo-target']!.image).toMatch(/^node:20\./);
  });

  it('mounts only paths that exist in the repository', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const mount of bindMounts(service)) {
        expect(existsSync(resolve(root, mount.source)), `${name} mounts ${mount.source}, which does not exist`).toBe(true);
      }
    }
  });

  it('file-provisions only the datasources into Grafana (dashboards and alerting go through npm run provision)', () => {
    const mounts = bindMounts(services.grafana!);
    expect(mounts).toEqual([{ source: './provisioning/datasources', target: '/etc/grafana/provisioning/datasources' }]);
  });

  it('runs this repository in the demo target with npm ci && npm run demo-target', () => {
    const command = [services['demo-target']!.command].flat().join(' ');
    expect(command).toMatch(/npm ci\b.*&& npm run demo-target\b/);
    // Listens on every container interface and accepts control requests from the host (via the Docker bridge).
    expect(command).toMatch(/--host 0\.0\.0\.0\b/);
    expect(command).toMatch(/--allow-remote-control\b/);
    expect(bindMounts(services['demo-target']!).map((m) => m.source)).toContain('.');
  });

  it('starts the demo target with flags its CLI accepts', async () => {
    let help = '';
    const io: CliIO = { stdout: (t) => void (help += t), stderr: (t) => void (help += t), env: {}, cwd: root, isTTY: false };
    await runCli(['demo-target', '--help'], io);
    const command = [services['demo-target']!.command].flat().join(' ');
    const flags = [...command.slice(command.indexOf('demo-target')).matchAll(/--([a-z-]+)/g)].map((m) => m[1]!);
    expect(flags.length).toBeGreaterThan(0);
    for (const flag of flags) expect(help, `demo-target has no --${flag}`).toContain(`--${flag}`);
  });

  it('publishes every port on loopback only', () => {
    for (const service of Object.values(services)) {
      for (const port of service.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
    }
  });
});

describe('deploy/prometheus/prometheus.yml', () => {
  const configPath = join(root, 'deploy', 'prometheus', 'prometheus.yml');

  it('passes promtool check config', async () => {
    const { stdout, stderr } = await run('promtool', ['check', 'config', configPath]);
    expect(`${stdout}${stderr}`).toMatch(/SUCCESS/);
  });

  it('scrapes the demo target on the port it listens on', () => {
    const config = parse(readFileSync(configPath, 'utf8')) as { scrape_configs: { static_configs: { targets: string[] }[] }[] };
    const targets = config.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => s.targets));
    const port = /--port (\d+)/.exec([services['demo-target']!.command].flat().join(' '))?.[1];
    expect(port).toBeDefined();
    expect(targets).toContain(`demo-target:${port}`);
  });
});

describe('datasource provisioning used by the compose stack', () => {
  it('has a datasource file with the fixed uid, pointing at the compose Prometheus', () => {
    const files = yamlFiles('provisioning/datasources');
    expect(files.length, 'provisioning/datasources/*.yaml is missing: run npm run generate').toBeGreaterThan(0);
    const datasources = files.flatMap((f) => (parse(readFileSync(f, 'utf8')) as { datasources?: { uid: string; url: string; type: string }[] }).datasources ?? []);
    const prometheus = datasources.filter((d) => d.type === 'prometheus');
    expect(prometheus.map((d) => d.uid)).toEqual([k2Grafana.datasourceUid]);
    expect(prometheus[0]!.url).toMatch(/^http:\/\/prometheus:9090\/?$/);
  });

  it('uses the same datasource uid as every alert rule query', () => {
    const datasourceUids = yamlFiles('provisioning/datasources').flatMap(
      (f) => ((parse(readFileSync(f, 'utf8')) as { datasources?: { uid: string }[] }).datasources ?? []).map((d) => d.uid),
    );
    const ruleUids = yamlFiles('provisioning/alerting').flatMap((f) => {
      const doc = parse(readFileSync(f, 'utf8')) as { groups?: { rules: { data: { datasourceUid: string }[] }[] }[] };
      return (doc.groups ?? []).flatMap((g) => g.rules.flatMap((r) => r.data.map((d) => d.datasourceUid)));
    });
    const queried = [...new Set(ruleUids.filter((uid) => uid !== '__expr__' && uid !== '-100'))];
    expect(queried.length, 'no alert rule queries a datasource: is provisioning/alerting generated?').toBeGreaterThan(0);
    for (const uid of queried) expect(datasourceUids).toContain(uid);
  });
});
