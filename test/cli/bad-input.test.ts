/**
 * Issue 15 §1 "Exit 70 for the user's or environment's errors": every numeric, path and URL flag of the built-in
 * verbs (generate, check, plan, provision, diff, annotate, init) and every environment variable they read, given
 * invalid values. Whatever the value, the exit is never 70 (a k2-grafana bug); a rejected value gets a message that
 * names the flag or variable. Grafana is never contacted: where a value passes, GRAFANA_URL points at a closed
 * port with a one-second retry budget.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { runCliCaptured } from '../support/cli.js';

// Made when the file loads: the test tables below name these paths.
const dir = mkdtempSync(join(tmpdir(), 'k2-bad-input-'));
/** A regular file, where a folder or a module is expected. */
const file = join(dir, 'a-file');
/** A folder, where a file is expected. */
const folder = join(dir, 'a-folder');
writeFileSync(file, 'not a folder\n');
mkdirSync(folder);

const closedGrafana = { GRAFANA_URL: 'http://127.0.0.1:9', GRAFANA_TOKEN: 'glsa_test', GRAFANA_RETRY_BUDGET: '1', K2_ALERT_WEBHOOK_URL: 'https://hooks.example.test/x' };

afterAll(() => rm(dir, { recursive: true, force: true }));

function cli(argv: string[], env: Record<string, string> = {}) {
  const journal = join(dir, `journal-${Math.random().toString(36).slice(2)}`);
  return runCliCaptured(argv, { env: { ...closedGrafana, K2_ANNOTATION_JOURNAL: journal, ...env } });
}

/** Numeric flags: each listed value is invalid for the flag and must be a usage error naming it. */
const numericFlags: ReadonlyArray<{ readonly argv: readonly string[]; readonly flag: string; readonly invalid: readonly string[] }> = [
  ...(['plan', 'provision'] as const).flatMap((verb) => [
    { argv: [verb], flag: 'concurrency', invalid: ['abc', '0', '-1', '1.5', '1e9'] },
    { argv: [verb], flag: 'org-id', invalid: ['abc', '0', '-1', '1.5'] },
    { argv: [verb], flag: 'timeout', invalid: ['abc', '0', '-1', '1e12'] },
    { argv: [verb], flag: 'retry-budget', invalid: ['abc', '0', '-5', '1e12'] },
  ]),
  { argv: ['diff', '--live'], flag: 'org-id', invalid: ['abc', '0', '-1'] },
  { argv: ['diff', '--live'], flag: 'timeout', invalid: ['abc', '0', '-1', '1e12'] },
  { argv: ['diff', '--live'], flag: 'retry-budget', invalid: ['abc', '0', '-1', '1e12'] },
  { argv: ['annotate', 'watch'], flag: 'interval', invalid: ['abc', '0', '-1', '0.001', '1e12'] },
  { argv: ['annotate', 'watch'], flag: 'lookback', invalid: ['abc', '-1', '1e12'] },
  { argv: ['annotate', 'watch'], flag: 'duration', invalid: ['abc', '0', '-1', '1e12'] },
  { argv: ['annotate', 'emit', '--text', 'x'], flag: 'panel-id', invalid: ['abc', '0', '-1', '1.5'] },
];

/** Times: epoch ms or ISO dates; garbage, negatives, beyond a Date, and an end before its start. */
const timeCases: ReadonlyArray<readonly [string, readonly string[], RegExp]> = [
  ['--time garbage', ['annotate', 'emit', '--text', 'x', '--time', 'yesterday-ish'], /--time/],
  ['--time negative', ['annotate', 'emit', '--text', 'x', '--time', '-5'], /--time/],
  ['--time beyond a Date', ['annotate', 'emit', '--text', 'x', '--time', '1e30'], /--time/],
  ['--time-end garbage', ['annotate', 'close', '--event-id', 'e1', '--time-end', 'soon'], /--time-end/],
  ['--time-end before --time', ['annotate', 'emit', '--text', 'x', '--time', '2026-12-01T10:00:00Z', '--time-end', '2026-12-01T09:00:00Z'], /--time-end .* is before --time/],
];

describe('numeric flags: invalid values are usage errors naming the flag', () => {
  const cases = numericFlags.flatMap(({ argv, flag, invalid }) => invalid.map((value) => [`${argv.join(' ')} --${flag} ${value}`, [...argv, `--${flag}`, value], flag] as const));
  it.each(cases)('%s', async (_name, argv, flag) => {
    const r = await cli([...argv]);
    expect(r.code, r.stderr).toBe(ExitCode.Usage);
    expect(r.stderr).toContain(`--${flag}`);
  });

  it.each(timeCases)('%s', async (_name, argv, names) => {
    const r = await cli([...argv]);
    expect(r.code, r.stderr).toBe(ExitCode.Usage);
    expect(r.stderr).toMatch(names);
  });
});

describe('path flags: files where folders belong, missing inputs, unwritable outputs', () => {
  const cases: ReadonlyArray<readonly [string, string[], RegExp, number?]> = [
    ['generate --out a file', ['generate', '--out', file], /--out/, ExitCode.CantCreate],
    ['generate --out below a file', ['generate', '--out', join(file, 'sub')], /--out/, ExitCode.CantCreate],
    ['check --out a file', ['check', '--out', file], /a-file/],
    ['plan --out a file', ['plan', '--out', file], /a-file/],
    ['generate --definitions missing', ['generate', '--definitions', join(dir, 'nope.ts')], /--definitions/, ExitCode.Usage],
    ['check --definitions a folder', ['check', '--definitions', folder], /a-folder/],
    ['plan --definitions a non-module', ['plan', '--definitions', file], /a-file/],
    ['diff two files, one missing', ['diff', join(dir, 'nope.json'), file], /nope\.json/, ExitCode.Usage],
    ['diff two files, one a folder', ['diff', folder, file], /a-folder/],
    ['diff --dir outside the repository', ['diff', '--dir', folder], /outside the git repository/, ExitCode.Usage],
    ['diff --svg-dir a file', ['diff', '--svg-dir', file], /--svg-dir/, ExitCode.CantCreate],
    ['annotate --journal a folder', ['annotate', 'emit', '--text', 'x', '--journal', folder], /a-folder/],
    ['annotate --journal below a file', ['annotate', 'emit', '--text', 'x', '--journal', join(file, 'j')], /a-file/],
    ['init into a file', ['init', file, '--metric', 'up'], /a-file/, ExitCode.CantCreate],
    ['init below a file', ['init', join(file, 'sub'), '--metric', 'up'], /a-file/, ExitCode.CantCreate],
    ['init --metric not a metric name', ['init', join(dir, 'proj'), '--metric', '9 lives'], /--metric/, ExitCode.Usage],
  ];
  it.each(cases.map(([name, argv, names, exit]) => ({ name, argv, names, exit })))('$name', async ({ argv, names, exit }) => {
    const r = await cli(argv);
    expect(r.code, r.stderr).not.toBe(ExitCode.Internal);
    if (exit !== undefined) expect(r.code, r.stderr).toBe(exit);
    expect(r.stderr).toMatch(names);
  });

  it('generate --out on an unwritable folder: cannot create (73), nothing written', async () => {
    // Root ignores permission bits; there the file and below-a-file cases above stand in for a read-only path.
    if (process.getuid?.() === 0) return;
    const readOnly = join(dir, 'read-only');
    await mkdir(readOnly, { mode: 0o555 });
    const r = await cli(['generate', '--out', join(readOnly, 'provisioning')]);
    expect(r.code).toBe(ExitCode.CantCreate);
  });
});

/** Malformed URLs, for every verb that reads one from a flag or the environment. */
const badUrls = ['notaurl', 'ftp://grafana.example.test', 'http://', 'localhost:3000', 'https://user:s3cret@'];
const grafanaVerbs: readonly (readonly string[])[] = [['plan'], ['provision'], ['diff', '--live'], ['annotate', 'emit', '--text', 'x']];

describe('URLs: a malformed one is a usage error naming where it came from, never echoing a password', () => {
  const flagCases = badUrls.flatMap((url) => grafanaVerbs.filter((v) => v[0] !== 'annotate').map((verb) => [`${verb.join(' ')} --url ${url}`, [...verb, '--url', url], url] as const));
  it.each(flagCases)('%s', async (_name, argv) => {
    const r = await cli([...argv]);
    expect(r.code, r.stderr).toBe(ExitCode.Usage);
    expect(r.stderr).toMatch(/--url/);
    expect(r.stderr).not.toContain('s3cret');
  });

  const envCases = badUrls.flatMap((url) => grafanaVerbs.map((verb) => [`GRAFANA_URL=${url} ${verb.join(' ')}`, verb, url] as const));
  it.each(envCases)('%s', async (_name, argv, url) => {
    const r = await cli([...argv], { GRAFANA_URL: url });
    expect(r.code, r.stderr).toBe(ExitCode.Usage);
    expect(r.stderr).toMatch(/GRAFANA_URL/);
    expect(r.stderr).not.toContain('s3cret');
  });

  it.each(badUrls.map((url) => [url]))('PROMETHEUS_URL=%s annotate watch', async (url) => {
    const r = await cli(['annotate', 'watch', '--duration', '1'], { PROMETHEUS_URL: url });
    expect(r.code, r.stderr).toBe(ExitCode.Usage);
    expect(r.stderr).toMatch(/PROMETHEUS_URL/);
  });
});

/** Environment variables the verbs read, given what a shell or a CI secret can hold by mistake. */
const envCases: ReadonlyArray<readonly [variable: string, value: string, exit: number]> = [
  ['GRAFANA_ORG_ID', 'abc', ExitCode.Usage],
  ['GRAFANA_ORG_ID', '0', ExitCode.Usage],
  ['GRAFANA_ORG_ID', '-1', ExitCode.Usage],
  ['GRAFANA_ORG_ID', '1.5', ExitCode.Usage],
  ['GRAFANA_TIMEOUT', 'abc', ExitCode.Usage],
  ['GRAFANA_TIMEOUT', '0', ExitCode.Usage],
  ['GRAFANA_TIMEOUT', '-1', ExitCode.Usage],
  ['GRAFANA_TIMEOUT', '1e12', ExitCode.Usage],
  ['GRAFANA_RETRY_BUDGET', 'abc', ExitCode.Usage],
  ['GRAFANA_RETRY_BUDGET', '0', ExitCode.Usage],
  ['GRAFANA_RETRY_BUDGET', '-1', ExitCode.Usage],
  ['GRAFANA_INSECURE', 'maybe', ExitCode.Usage],
  ['GRAFANA_TOKEN', 'glsa_abc\n', ExitCode.Usage],
  ['GRAFANA_CA_FILE', '/nonexistent/k2/ca.pem', ExitCode.NoInput],
  ['GRAFANA_CA_FILE', '<folder>', ExitCode.NoInput],
];

describe('environment variables: invalid values name the variable', () => {
  const cases = envCases.flatMap(([variable, value, exit]) => grafanaVerbs.map((verb) => [`${variable}=${JSON.stringify(value)} ${verb.join(' ')}`, verb, variable, value, exit] as const));
  it.each(cases)('%s', async (_name, argv, variable, value, exit) => {
    const r = await cli([...argv], { [variable]: value === '<folder>' ? folder : value });
    expect(r.code, r.stderr).toBe(exit);
    expect(r.stderr).toContain(variable);
  });

  it('GRAFANA_PASSWORD with a newline: a usage error naming it, never echoing it', async () => {
    const r = await cli(['plan'], { GRAFANA_TOKEN: '', GRAFANA_USER: 'ci', GRAFANA_PASSWORD: 'hunter2\n' });
    expect(r.code).toBe(ExitCode.Usage);
    expect(r.stderr).toContain('GRAFANA_PASSWORD');
    expect(r.stderr).not.toContain('hunter2');
  });

  it.each([['a folder'], ['below a file']])('K2_ANNOTATION_JOURNAL %s: never 70, and the journal is named', async (kind) => {
    const journal = kind === 'a folder' ? folder : join(file, 'journal');
    const r = await cli(['annotate', 'emit', '--text', 'x'], { K2_ANNOTATION_JOURNAL: journal });
    expect(r.code).not.toBe(ExitCode.Internal);
    expect(r.stderr).toContain(journal);
  });
});
