import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { generate } from '../../src/render/index.js';

function fakeIO(cwd: string, env: Record<string, string> = {}, isTTY = false) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), env, cwd, isTTY };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

const fixtureDir = fileURLToPath(new URL('../fixtures/dashboards/', import.meta.url));

/** A small definitions module (plain JS, as another project would write one) whose panel positions tests can change. */
function definitionsModule(lagY: number, expr = 'sum(k2_kafka_consumer_lag_messages)'): string {
  const dashboard = {
    uid: 'tiny', title: 'Tiny', schemaVersion: 42,
    panels: [
      { id: 1, type: 'stat', title: 'Level', gridPos: { x: 0, y: 0, w: 12, h: 8 }, targets: [{ refId: 'A', expr: 'max(k2_degradation_level)' }] },
      { id: 2, type: 'timeseries', title: 'Lag', gridPos: { x: 12, y: lagY, w: 12, h: 8 }, targets: [{ refId: 'A', expr }] },
    ],
  };
  const project = {
    name: 'tiny', folders: [{ uid: 'tiny-folder', title: 'Tiny' }], datasources: [],
    dashboards: [{ source: 'defs.mjs', folderUid: 'tiny-folder', dashboard }],
    ruleGroups: [], contactPoints: [], policies: [], knownMetrics: [],
  };
  return `export const project = ${JSON.stringify(project, null, 2)};\n`;
}

describe('k2-grafana diff (CLI)', () => {
  let repo: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });

  beforeAll(async () => {
    repo = mkdtempSync(join(tmpdir(), 'k2-diff-'));
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'test@example.invalid');
    git('config', 'user.name', 'test');
    writeFileSync(join(repo, 'defs.mjs'), definitionsModule(0));
    const { project } = await import(join(repo, 'defs.mjs'));
    for (const [path, content] of generate(project)) {
      mkdirSync(join(repo, 'provisioning', path, '..'), { recursive: true });
      writeFileSync(join(repo, 'provisioning', path), content);
    }
    git('add', '.');
    git('commit', '-q', '-m', 'base');
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('regenerating unchanged definitions gives "No changes" and exit 0, even with --exit-code', async () => {
    const run = fakeIO(repo);
    const code = await runCli(['diff', '--base', 'main', '--definitions', 'defs.mjs', '--exit-code'], run.io);
    expect(run.stderr()).toBe('');
    expect(run.stdout()).toContain('No changes');
    expect(code).toBe(0);
  });

  it('a moved panel and a changed query in the definitions: listed in text, markdown and json; --exit-code gives 2', async () => {
    writeFileSync(join(repo, 'defs-changed.mjs'), definitionsModule(8, 'sum by (topic) (k2_kafka_consumer_lag_messages)'));
    const args = ['diff', '--base', 'main', '--definitions', 'defs-changed.mjs'];
    const text = fakeIO(repo);
    expect(await runCli([...args, '--exit-code'], text.io)).toBe(2);
    expect(text.stdout()).toContain('panel "Lag" query A expr changed');
    expect(text.stdout()).toContain('+ sum by (topic) (k2_kafka_consumer_lag_messages)');
    expect(text.stdout()).toContain('panel "Lag" moved from x=12 y=0 to x=12 y=8');
    const md = fakeIO(repo);
    expect(await runCli([...args, '--format', 'markdown'], md.io)).toBe(0);
    expect(md.stdout()).toContain('<details>');
    expect(md.stdout()).toContain('| 🟠 changed | dashboard | Tiny (`tiny`) | 2 |');
    const json = fakeIO(repo);
    await runCli([...args, '--output', 'json'], json.io);
    const report = JSON.parse(json.stdout());
    expect(report.objects.find((o: any) => o.key === 'tiny').changes.map((c: any) => c.kind)).toEqual(['panel-moved', 'query-changed']);
  });

  it('--svg-dir writes one layout picture per changed dashboard; colour only on a TTY without NO_COLOR', async () => {
    const svgDir = join(repo, 'svg-out');
    const tty = fakeIO(repo, {}, true);
    await runCli(['diff', '--base', 'main', '--definitions', 'defs-changed.mjs', '--svg-dir', 'svg-out'], tty.io);
    expect(readdirSync(svgDir)).toEqual(['tiny.svg']);
    expect(readFileSync(join(svgDir, 'tiny.svg'), 'utf8')).toContain('<svg');
    expect(tty.stdout()).toContain('\u001b[');
    const noColor = fakeIO(repo, { NO_COLOR: '1' }, true);
    await runCli(['diff', '--base', 'main', '--definitions', 'defs-changed.mjs'], noColor.io);
    expect(noColor.stdout()).not.toContain('\u001b[');
  });

  it('an unknown base ref is a usage error (64) that says what to do', async () => {
    const run = fakeIO(repo);
    expect(await runCli(['diff', '--base', 'origin/nope', '--definitions', 'defs.mjs'], run.io)).toBe(64);
    expect(run.stderr()).toContain('git ref "origin/nope" does not exist here');
    expect(run.stderr()).toContain('hint: Fetch it first');
  });

  it('diff A.json B.json compares any two dashboard files', async () => {
    const run = fakeIO(fixtureDir);
    const code = await runCli(['diff', 'resave-v39.json', 'resave-v42.json', '--exit-code'], run.io);
    expect(code).toBe(2);
    expect(run.stdout()).toContain('migrated by a newer Grafana: schemaVersion 39 -> 42');
    const same = fakeIO(fixtureDir);
    expect(await runCli(['diff', 'encoding-escaped.json', 'encoding-literal.json', '--exit-code'], same.io)).toBe(0);
    expect(same.stdout()).toContain('No changes');
    const missing = fakeIO(fixtureDir);
    expect(await runCli(['diff', 'nope.json', 'resave-v42.json'], missing.io)).toBe(64);
    expect(missing.stderr()).toContain('cannot read nope.json');
  });
});

describe('k2-grafana diff: unreadable input', () => {
  it('a file that does not parse exits 1 naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k2-diff-bad-'));
    writeFileSync(join(dir, 'bad.json'), '{"uid": "x", "panels": [');
    writeFileSync(join(dir, 'good.json'), '{"uid": "x", "panels": []}');
    const run = fakeIO(dir);
    expect(await runCli(['diff', 'bad.json', 'good.json'], run.io)).toBe(1);
    expect(run.stderr()).toMatch(/error: bad\.json does not parse/);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('k2-grafana diff: a file that is not a dashboard', () => {
  // Siblings: a JSON list, an object with no dashboard shape, a bare scalar, YAML with no provisioning section,
  // binary content (NUL bytes, or bytes that are not UTF-8), on either side.
  const cases: Array<[string, string | Buffer, RegExp]> = [
    ['object.json', '{"foo":1}', /object\.json is not a dashboard or provisioning file: it is an object with key foo/],
    ['list.json', '[1,2,3]', /list\.json is not a dashboard or provisioning file: it is a list of 3 items/],
    ['scalar.json', '42', /scalar\.json is not a dashboard or provisioning file: it is a bare number/],
    ['other.yaml', 'hello: world\n', /other\.yaml is not a dashboard or provisioning file: it is an object with key hello/],
    ['image.json', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), /image\.json is not a dashboard or provisioning file: it is a binary file/],
    ['latin1.json', Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]), /latin1\.json is not a dashboard or provisioning file: it is a binary file/],
  ];
  it.each(cases)('%s against a dashboard exits 1 saying what the file is, on either side', async (name, content, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'k2-diff-notdash-'));
    try {
      writeFileSync(join(dir, name), content);
      writeFileSync(join(dir, 'good.json'), '{"uid": "x", "title": "X", "panels": []}');
      for (const args of [[name, 'good.json'], ['good.json', name]]) {
        const run = fakeIO(dir);
        expect(await runCli(['diff', ...args], run.io)).toBe(1);
        expect(run.stderr()).toMatch(message);
        expect(run.stderr()).not.toContain('regenerate provisioning');
        expect(run.stdout()).not.toContain('removed');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('k2-grafana diff: text that only looks odd is still text', () => {
  it('a dashboard holding U+FFFD (valid UTF-8) is diffed, not called binary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k2-diff-fffd-'));
    try {
      writeFileSync(join(dir, 'a.json'), '{"uid": "x", "title": "X \uFFFD", "panels": []}', 'utf8');
      writeFileSync(join(dir, 'b.json'), '{"uid": "x", "title": "X \uFFFD", "panels": []}', 'utf8');
      const run = fakeIO(dir);
      expect(await runCli(['diff', 'a.json', 'b.json', '--exit-code'], run.io)).toBe(0);
      expect(run.stdout()).toContain('No changes');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
