// .github/workflows/grafana-contract.yml cannot run on our machines (it needs Docker and GitHub's runners), so its
// structure is checked here: one pinned image per supported major line (11.x, 12.x, 13.x; never `latest`, `main` or a
// missing tag), the triggers the issue asks for, a health wait and a token before the suite, and every npm script and
// file it calls present in this repository. `workflowProblems` is tested against broken copies too, so it can fail.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

const root = new URL('../../', import.meta.url);
const load = async (): Promise<Record<string, any>> => parseYaml(await readFile(new URL('.github/workflows/grafana-contract.yml', root), 'utf8')) as Record<string, any>;

/** A Grafana image tag pinned to one release: `11.6.8`, or a dev build such as `13.1.0-17042930`. */
const pinnedTag = /^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$/;
const majors = ['11', '12', '13'];

/** What is wrong with the workflow's matrix and triggers; empty when nothing is. */
function workflowProblems(doc: Record<string, any>): string[] {
  const problems: string[] = [];
  const job = doc.jobs?.contract;
  const include: Array<Record<string, unknown>> = job?.strategy?.matrix?.include ?? [];
  const tags = include.map((e) => (typeof e.grafana === 'string' ? e.grafana : ''));
  for (const tag of tags) {
    if (tag === '') problems.push('a matrix entry has no Grafana tag');
    else if (!pinnedTag.test(tag)) problems.push(`tag "${tag}" is not pinned to a release (latest/main/floating tags are refused)`);
  }
  for (const major of majors) {
    const n = tags.filter((t) => t.split('.')[0] === major).length;
    if (n !== 1) problems.push(`expected exactly one ${major}.x entry, found ${n}`);
  }
  if (tags.some((t) => !majors.includes(t.split('.')[0]))) problems.push('a matrix entry is outside 11.x-13.x');
  for (const e of include) if (typeof e.line === 'string' && typeof e.grafana === 'string' && e.line !== `${e.grafana.split('.')[0]}.x`) problems.push(`entry ${e.grafana} says line ${e.line}`);
  const image = String(job?.services?.grafana?.image ?? '');
  if (!/^grafana\/grafana(-dev)?:\$\{\{ matrix\.grafana \}\}$/.test(image)) problems.push(`service image "${image}" does not take the matrix tag`);
  const on = doc.on ?? {};
  if (!Array.isArray(on.schedule) || !on.schedule.every((s: { cron?: unknown }) => typeof s.cron === 'string')) problems.push('no schedule trigger');
  const paths: unknown[] = on.pull_request?.paths ?? [];
  for (const p of ['src/kinds/**', 'src/grafana/**']) if (!paths.includes(p)) problems.push(`pull_request.paths lacks ${p}`);
  return problems;
}

describe('.github/workflows/grafana-contract.yml', () => {
  it('has one pinned 11.x, 12.x and 13.x image, a schedule, and pull requests touching src/kinds and src/grafana', async () => {
    expect(workflowProblems(await load())).toEqual([]);
  });

  it('the checker refuses latest, main, a missing tag, a second 12.x, a dropped trigger path', async () => {
    const broken = (edit: (doc: Record<string, any>) => void): Promise<string[]> =>
      load().then((doc) => {
        edit(doc);
        return workflowProblems(doc);
      });
    const entries = (doc: Record<string, any>) => doc.jobs.contract.strategy.matrix.include as Array<Record<string, unknown>>;
    expect(await broken((d) => (entries(d)[2].grafana = 'latest'))).toEqual(expect.arrayContaining([expect.stringContaining('"latest" is not pinned')]));
    expect(await broken((d) => (entries(d)[0].grafana = 'main'))).toEqual(expect.arrayContaining([expect.stringContaining('"main" is not pinned')]));
    expect(await broken((d) => delete entries(d)[1].grafana)).toEqual(expect.arrayContaining(['a matrix entry has no Grafana tag', 'expected exactly one 12.x entry, found 0']));
    expect(await broken((d) => (entries(d)[0].grafana = '12.3.1'))).toEqual(expect.arrayContaining(['expected exactly one 12.x entry, found 2', 'expected exactly one 11.x entry, found 0']));
    expect(await broken((d) => (d.on.pull_request.paths = ['src/kinds/**']))).toEqual(['pull_request.paths lacks src/grafana/**']);
    expect(await broken((d) => delete d.on.schedule)).toEqual(['no schedule trigger']);
    expect(await broken((d) => (d.jobs.contract.services.grafana.image = 'grafana/grafana:latest'))).toHaveLength(1);
  });

  it('waits for /api/health, creates a masked token into GITHUB_ENV, then runs the suite and the round trip on each API the line offers', async () => {
    const doc = await load();
    const job = doc.jobs.contract;
    const steps = (job.steps as Array<Record<string, any>>).map((s): Record<string, any> => ({ ...s, run: String(s.run ?? '') }));
    const at = (needle: string) => steps.findIndex((s) => s.run.includes(needle) || String(s.uses ?? '').startsWith(needle));
    const order = ['actions/checkout@', 'npm ci', '/api/health', '/api/serviceaccounts', 'npm run test:grafana', 'scripts/provision-round-trip.ts'].map(at);
    expect(order.every((i) => i >= 0), `steps found at ${order.join(',')}`).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const token = steps[at('/api/serviceaccounts')].run;
    expect(token).toContain('::add-mask::');
    expect(token).toContain('GRAFANA_TOKEN=');
    expect(token).toContain('$GITHUB_ENV');
    expect(job.env).toMatchObject({ GRAFANA_URL: 'http://localhost:3000', GRAFANA_CONTRACT_FRESH: '1' });
    expect(steps[at('scripts/provision-round-trip.ts')].run).toContain('--api "$api"');
    const apis = Object.fromEntries((job.strategy.matrix.include as Array<{ line: string; apis: string }>).map((e) => [e.line, e.apis.split(' ')]));
    // docs/app-platform.md §2: 11.x serves no usable app-platform dashboards or folders.
    expect(apis).toEqual({ '11.x': ['classic'], '12.x': ['classic', 'app-platform'], '13.x': ['classic', 'app-platform'] });
    for (const s of steps) if (s.uses) expect(s.uses).toMatch(/^actions\/[\w-]+@v\d+$/);
  });

  it('every npm script and file the workflow calls exists', async () => {
    const doc = await load();
    const pkg = JSON.parse(await readFile(new URL('package.json', root), 'utf8')) as { scripts: Record<string, string> };
    const runs = (doc.jobs.contract.steps as Array<{ run?: string }>).map((s) => s.run ?? '').join('\n');
    const scripts = [...runs.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]);
    expect(scripts).toContain('test:grafana');
    for (const s of scripts) expect(pkg.scripts, `npm run ${s}`).toHaveProperty([s]);
    expect(pkg.scripts['test:grafana']).toMatch(/vitest run test\/contract/);
    const files = [...runs.matchAll(/npx tsx ([\w./-]+\.ts)/g)].map((m) => m[1]);
    expect(files).toEqual(['scripts/provision-round-trip.ts']);
    for (const f of files) await expect(readFile(new URL(f, root), 'utf8')).resolves.toContain('provision');
  });
});
