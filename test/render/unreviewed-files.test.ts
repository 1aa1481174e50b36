/**
 * Issue 15 §1 "Unreviewed files": `check` fails (exit 1) on files in the output folder that it did not generate
 * and that Grafana's file provisioning would read, listing them with what to do; other files are left alone.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../support/cli.js';

const k2 = ['--definitions', join(import.meta.dirname, '../../dashboards/index.ts')];

const cli = (argv: string[], cwd: string) => runCliCaptured(argv, { cwd });

describe('check and files it did not generate', () => {
  let cwd: string;
  beforeEach(async () => {
    cwd = mkdtempSync(join(tmpdir(), 'k2-unreviewed-'));
    expect((await cli(['generate', ...k2], cwd)).code).toBe(0);
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it.each([
    ['an extra dashboard JSON', 'dashboards/k2/hand-made.json', '{"title":"Hand made","panels":[]}'],
    ['a dashboard JSON in a folder of its own', 'dashboards/other/x.json', '{}'],
    ['an extra dashboard provider', 'dashboards/extra-provider.yml', 'apiVersion: 1\nproviders: []\n'],
    ['an alerting file', 'alerting/extra-mute-timings.yaml', 'apiVersion: 1\n'],
    ['alerting JSON', 'alerting/extra.json', '{"apiVersion":1}'],
    ['a datasource file', 'datasources/loki.yaml', 'apiVersion: 1\ndatasources: []\n'],
  ])('%s fails the check (exit 1), listed with a hint', async (_name, path, content) => {
    const full = join(cwd, 'provisioning', path);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, content);
    const r = await cli(['check', ...k2], cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`unreviewed provisioning/${path}`);
    expect(r.stderr).toMatch(/error: provisioning\/ holds 1 file\(s\) the definitions did not generate, which a Grafana mounting provisioning\/ would load/);
    expect(r.stderr).toMatch(/hint: delete them, or define them/);
    const json = await cli(['check', ...k2, '--output', 'json'], cwd);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, stale: [], unreviewed: [path] });
  });

  it('files Grafana would not read (a README, a dot file, another extension) leave the check passing', async () => {
    writeFileSync(join(cwd, 'provisioning', 'README.md'), 'Generated; do not edit.\n');
    writeFileSync(join(cwd, 'provisioning', 'dashboards', '.keep'), '');
    writeFileSync(join(cwd, 'provisioning', 'dashboards', 'notes.txt'), 'x');
    mkdirSync(join(cwd, 'provisioning', 'prometheus', 'extra'), { recursive: true });
    writeFileSync(join(cwd, 'provisioning', 'prometheus', 'extra', 'more.yaml'), 'groups: []\n');
    const r = await cli(['check', ...k2], cwd);
    expect(r.code, r.stderr).toBe(0);
  });

  it("K2's own committed provisioning/ passes", async () => {
    const r = await cli(['check'], join(import.meta.dirname, '../..'));
    expect(r.code, r.stderr).toBe(0);
  });
});
