import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { postPrComment } from '../../scripts/post-pr-comment.js';
import { GitHubApiError, nextLink } from '../../src/review/github-api.js';
import { GITHUB_COMMENT_LIMIT, PR_COMMENT_MARKER, buildPrCommentBody, upsertPrComment } from '../../src/review/pr-comment.js';

const TOKEN = 'ghs_test-token-that-must-never-appear-1234567890';

interface StubComment {
  id: number;
  body: string;
  html_url: string;
}

interface Recorded {
  method: string;
  path: string;
  authorization: string | undefined;
}

/**
 * A loopback stand-in for the three GitHub REST endpoints the workflow uses: list issue comments (paged, with a
 * Link header built the way GitHub builds it), create an issue comment, update an issue comment.
 * https://docs.github.com/en/rest/issues/comments
 */
class GitHubStub {
  readonly comments = new Map<number, StubComment[]>();
  readonly requests: Recorded[] = [];
  /** Respond with this status and GitHub-style error body, when set: to the next `times` requests, or to all. */
  failWith: { status: number; message: string; retryAfter?: string; times?: number } | undefined;
  /** Origin to put in Link headers instead of our own (a misbehaving or hostile server). */
  linkOrigin: string | undefined;
  private nextId = 1000;
  private server: Server | undefined;
  base = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  reset(): void {
    this.comments.clear();
    this.requests.length = 0;
    this.failWith = undefined;
    this.linkOrigin = undefined;
  }

  seed(issue: number, bodies: string[]): StubComment[] {
    const list = bodies.map((body) => this.newComment(issue, body));
    this.comments.set(issue, [...(this.comments.get(issue) ?? []), ...list]);
    return list;
  }

  private newComment(issue: number, body: string): StubComment {
    const id = this.nextId++;
    return { id, body, html_url: `https://github.example/acme/k2/pull/${issue}#issuecomment-${id}` };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    this.requests.push({ method: req.method ?? '', path: url.pathname + url.search, authorization: req.headers.authorization });
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const send = (status: number, data: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(data));
    };
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    if (this.failWith && (this.failWith.times === undefined || this.failWith.times > 0)) {
      if (this.failWith.times !== undefined) this.failWith.times--;
      return send(this.failWith.status, { message: this.failWith.message }, this.failWith.retryAfter ? { 'retry-after': this.failWith.retryAfter } : {});
    }

    let m = /^\/repos\/acme\/k2\/issues\/(\d+)\/comments$/.exec(url.pathname);
    if (m && req.method === 'GET') {
      const all = this.comments.get(Number(m[1])) ?? [];
      const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
      const page = Number(url.searchParams.get('page') ?? 1);
      const last = Math.max(1, Math.ceil(all.length / perPage));
      const link = (p: number): string => `<${this.linkOrigin ?? this.base}${url.pathname}?per_page=${perPage}&page=${p}>`;
      const rels = page < last ? [`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`] : [];
      return send(200, all.slice((page - 1) * perPage, page * perPage), rels.length ? { link: rels.join(', ') } : {});
    }
    if (m && req.method === 'POST') {
      const comment = this.newComment(Number(m[1]), (JSON.parse(raw) as { body: string }).body);
      this.comments.set(Number(m[1]), [...(this.comments.get(Number(m[1])) ?? []), comment]);
      return send(201, comment);
    }
    m = /^\/repos\/acme\/k2\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (m && req.method === 'PATCH') {
      for (const list of this.comments.values()) {
        const comment = list.find((c) => c.id === Number(m![1]));
        if (comment) {
          comment.body = (JSON.parse(raw) as { body: string }).body;
          return send(200, comment);
        }
      }
    }
    return send(404, { message: 'Not Found' });
  }
}

const stub = new GitHubStub();
/** A second server that must never see a request: where a hostile Link header points. */
const elsewhere = new GitHubStub();
beforeAll(async () => {
  await stub.start();
  await elsewhere.start();
});
afterAll(async () => {
  await stub.stop();
  await elsewhere.stop();
});
beforeEach(() => {
  stub.reset();
  elsewhere.reset();
});

const others = (n: number): string[] => Array.from({ length: n }, (_, i) => `Looks good to me (${i})`);
const upsert = (body: string, extra: Partial<Parameters<typeof upsertPrComment>[0]> = {}) =>
  upsertPrComment({ apiUrl: stub.base, token: TOKEN, repository: 'acme/k2', issueNumber: 7, body, perPage: 2, ...extra });

describe('upsertPrComment against a stubbed GitHub API', () => {
  it('creates the comment when no comment on any page carries the marker', async () => {
    // A comment quoting ours starts with ">": it is somebody's reply, not our comment.
    stub.seed(7, [...others(4), `> ${PR_COMMENT_MARKER}\n> quoted report`]);
    const body = buildPrCommentBody({ markdown: '## Dashboard changes\nNo changes' }).body;
    const result = await upsert(body);
    expect(result.action).toBe('created');
    const gets = stub.requests.filter((r) => r.method === 'GET');
    expect(gets.map((r) => new URL(r.path, stub.base).searchParams.get('page') ?? '1')).toEqual(['1', '2', '3']);
    expect(stub.comments.get(7)).toHaveLength(6);
    expect(stub.comments.get(7)!.at(-1)!.body).toBe(body);
    expect(result.url).toContain(`#issuecomment-${result.id}`);
  });

  it('updates the marked comment found on a later page instead of adding one', async () => {
    stub.seed(7, others(5));
    const [ours] = stub.seed(7, [`${PR_COMMENT_MARKER}\nold report`]);
    stub.seed(7, others(1));
    const body = `${PR_COMMENT_MARKER}\nnew report`;
    const result = await upsert(body);
    expect(result).toMatchObject({ action: 'updated', id: ours!.id });
    expect(stub.comments.get(7)).toHaveLength(7);
    expect(stub.comments.get(7)!.find((c) => c.id === ours!.id)!.body).toBe(body);
    expect(stub.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
    expect(stub.requests.filter((r) => r.method === 'PATCH').map((r) => r.path)).toEqual([`/repos/acme/k2/issues/comments/${ours!.id}`]);
  });

  it('keeps one comment over many pushes, and writes nothing when the report is the same', async () => {
    stub.seed(7, others(3));
    await upsert(`${PR_COMMENT_MARKER}\npush 1`);
    await upsert(`${PR_COMMENT_MARKER}\npush 2`);
    const before = stub.requests.length;
    const again = await upsert(`${PR_COMMENT_MARKER}\npush 2`);
    expect(again.action).toBe('unchanged');
    expect(stub.requests.slice(before).every((r) => r.method === 'GET')).toBe(true);
    expect(stub.comments.get(7)!.filter((c) => c.body.startsWith(PR_COMMENT_MARKER))).toHaveLength(1);
  });

  it('sends the token as a bearer header to the API only, and refuses a next-page link to another host', async () => {
    stub.seed(7, others(3));
    stub.linkOrigin = elsewhere.base;
    const error = await upsert(`${PR_COMMENT_MARKER}\nx`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as Error).message).toContain('refusing to send the token');
    expect(elsewhere.requests).toHaveLength(0);
    expect(stub.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(stub.requests.every((r) => !r.path.includes(TOKEN))).toBe(true);
  });

  it('names the call and what to do when GitHub says no, without the token', async () => {
    stub.failWith = { status: 403, message: `Resource not accessible by integration (token ${TOKEN})` };
    const error = (await upsert(`${PR_COMMENT_MARKER}\nx`).catch((e: unknown) => e)) as GitHubApiError;
    expect(error).toBeInstanceOf(GitHubApiError);
    expect(error.status).toBe(403);
    expect(error.message).toContain('GET /repos/acme/k2/issues/7/comments');
    expect(error.message).toContain('Resource not accessible by integration');
    expect(error.hint).toContain('pull-requests: write');
    expect(`${error.message} ${error.hint}`).not.toContain(TOKEN);

    const unauthorised = (await upsertPrComment({ apiUrl: stub.base, token: 'wrong', repository: 'acme/k2', issueNumber: 7, body: PR_COMMENT_MARKER }).catch(
      (e: unknown) => e,
    )) as GitHubApiError;
    expect(unauthorised.status).toBe(401);
    expect(unauthorised.hint).toContain('GITHUB_TOKEN');
  });

  it('retries gateway errors and rate limits after the advised wait, but never repeats a POST a gateway may have done', async () => {
    const sleeps: number[] = [];
    const sleep = async (ms: number): Promise<void> => void sleeps.push(ms);
    stub.seed(7, others(1));
    stub.failWith = { status: 503, message: 'Service Unavailable', times: 2 };
    expect((await upsert(`${PR_COMMENT_MARKER}\na`, { sleep })).action).toBe('created');
    expect(sleeps).toEqual([1000, 2000]);

    sleeps.length = 0;
    stub.failWith = { status: 403, message: 'You have exceeded a secondary rate limit', retryAfter: '7', times: 1 };
    expect((await upsert(`${PR_COMMENT_MARKER}\nb`, { sleep })).action).toBe('updated');
    expect(sleeps).toEqual([7000]);

    // A POST answered by 502 may still have created the comment: report it, do not post twice.
    stub.reset();
    const posts = (): number => stub.requests.filter((r) => r.method === 'POST').length;
    stub.failWith = { status: 502, message: 'Bad Gateway', times: 1 };
    const error = (await upsertPrComment({
      apiUrl: stub.base, token: TOKEN, repository: 'acme/k2', issueNumber: 8, body: `${PR_COMMENT_MARKER}\nd`, sleep,
      // Skip the list so the first request is the POST.
      maxPages: 0,
    }).catch((e: unknown) => e)) as GitHubApiError;
    expect(error.status).toBe(502);
    expect(posts()).toBe(1);

    // A Retry-After longer than a job should wait fails at once, with the rate-limit hint.
    stub.reset();
    sleeps.length = 0;
    stub.failWith = { status: 429, message: 'Too Many Requests', retryAfter: '3600' };
    const limited = (await upsert(`${PR_COMMENT_MARKER}\ne`, { sleep }).catch((e: unknown) => e)) as GitHubApiError;
    expect(limited.status).toBe(429);
    expect(limited.hint).toContain('rate-limited');
    expect(sleeps).toEqual([]);
  });

  it('rejects a body without the marker (the next run could not find it)', async () => {
    await expect(upsert('no marker here')).rejects.toThrow(/marker/);
    expect(stub.requests).toHaveLength(0);
  });
});

describe('buildPrCommentBody', () => {
  it('puts the marker first and the artifact link last', () => {
    const { body, truncated } = buildPrCommentBody({ markdown: '## Changes\n- panel "Lag": query A changed\n', artifactUrl: 'https://github.example/run/1/artifacts/9' });
    expect(truncated).toBe(false);
    expect(body.startsWith(`${PR_COMMENT_MARKER}\n## Changes`)).toBe(true);
    expect(body.trimEnd().endsWith('(https://github.example/run/1/artifacts/9)')).toBe(true);
  });

  it('truncates a long report under the limit at a line break, closes open blocks, and says so', () => {
    const block = (i: number): string =>
      `<details><summary>Dashboard ${i}</summary>\n\n\`\`\`promql\n${'rate(k2_kafka_messages_consumed_total[5m])\n'.repeat(40)}\`\`\`\n\n</details>\n`;
    const markdown = Array.from({ length: 80 }, (_, i) => block(i)).join('\n');
    expect(markdown.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
    const { body, truncated } = buildPrCommentBody({ markdown, artifactUrl: 'https://github.example/a' });
    expect(truncated).toBe(true);
    expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(body).toContain("truncated to fit GitHub's 65,536-character comment limit");
    expect(body.startsWith(PR_COMMENT_MARKER)).toBe(true);
    expect(body).toContain('(https://github.example/a)');
    // Every fence and <details> the cut opened is closed again, so the note and link render outside them.
    const fences = body.split('\n').filter((l) => l.startsWith('```')).length;
    expect(fences % 2).toBe(0);
    expect(body.match(/<details>/g)!.length).toBe(body.match(/<\/details>/g)!.length);
    expect(body.indexOf('[!NOTE]')).toBeGreaterThan(body.lastIndexOf('</details>'));
  });

  it('closes a longer fence with its own length, and ignores fence-like lines and <details> inside it', () => {
    const inner = '```\n<details>\n```\n';
    const markdown = `<details><summary>x</summary>\n\n\`\`\`\`text\n${inner.repeat(2000)}\`\`\`\`\n</details>\n`;
    const { body, truncated } = buildPrCommentBody({ markdown, limit: 5_000 });
    expect(truncated).toBe(true);
    const beforeNote = body.slice(0, body.indexOf('\n\n> [!NOTE]'));
    expect(beforeNote.endsWith('\n````\n\n</details>')).toBe(true);
  });

  it('never cuts a character in half, even without line breaks', () => {
    const markdown = '😀'.repeat(40_000);
    const { body } = buildPrCommentBody({ markdown, limit: 10_000 });
    expect(body.length).toBeLessThanOrEqual(10_000);
    expect(body).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});

describe('nextLink', () => {
  it('reads the next URL from a GitHub Link header', () => {
    const header = '<https://api.github.com/repositories/1/issues/7/comments?page=2>; rel="next", <https://api.github.com/repositories/1/issues/7/comments?page=4>; rel="last"';
    expect(nextLink(header)).toBe('https://api.github.com/repositories/1/issues/7/comments?page=2');
    expect(nextLink('<https://api.github.com/x?page=1>; rel="prev"')).toBeUndefined();
    expect(nextLink(null)).toBeUndefined();
  });
});

describe('scripts/post-pr-comment.ts', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'k2-pr-comment-'));
    await writeFile(join(dir, 'diff.md'), '## k2-grafana diff\n\nNo changes\n');
    await writeFile(join(dir, 'event.json'), JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7 } }));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const run = async (argv: string[], env: Record<string, string | undefined> = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await postPrComment({
      argv,
      env: { GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: 'acme/k2', GITHUB_API_URL: stub.base, GITHUB_EVENT_PATH: join(dir, 'event.json'), ...env },
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      cwd: dir,
    });
    return { code, stdout: out.join(''), stderr: err.join('') };
  };

  it('posts the report on the PR named by the event payload, links the run, and never prints the token', async () => {
    const env = { GITHUB_SERVER_URL: 'https://github.example', GITHUB_RUN_ID: '99' };
    const first = await run(['--body-file', 'diff.md'], env);
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toMatch(/^created the k2-grafana diff comment on acme\/k2#7: /);
    const [comment] = stub.comments.get(7)!;
    expect(comment!.body).toContain('No changes');
    expect(comment!.body).toContain('(https://github.example/acme/k2/actions/runs/99)');

    const second = await run(['--body-file', 'diff.md', '--artifact-url', 'https://github.example/artifacts/5'], env);
    expect(second.stdout).toMatch(/^updated /);
    expect(stub.comments.get(7)).toHaveLength(1);
    expect(stub.comments.get(7)![0]!.body).toContain('(https://github.example/artifacts/5)');
    expect(first.stdout + first.stderr + second.stdout + second.stderr).not.toContain(TOKEN);
  });

  it('fails with the hint and without the token when GitHub refuses (e.g. a read-only token on a fork)', async () => {
    stub.failWith = { status: 403, message: 'Resource not accessible by integration' };
    const result = await run(['--body-file', 'diff.md', '--pr', '7']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('failed with 403');
    expect(result.stderr).toContain('hint: ');
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });

  it('explains missing inputs as usage errors', async () => {
    expect((await run([])).code).toBe(64);
    const noToken = await run(['--body-file', 'diff.md'], { GITHUB_TOKEN: undefined });
    expect(noToken.code).toBe(64);
    expect(noToken.stderr).toContain('GITHUB_TOKEN is not set');
    const noPr = await run(['--body-file', 'diff.md'], { GITHUB_EVENT_PATH: undefined });
    expect(noPr.stderr).toContain('no pull request number');
    expect(stub.requests).toHaveLength(0);
  });

  it('prints the body with --dry-run and sends nothing', async () => {
    const result = await run(['--body-file', 'diff.md', '--dry-run'], { GITHUB_TOKEN: undefined });
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith(PR_COMMENT_MARKER)).toBe(true);
    expect(stub.requests).toHaveLength(0);
  });
});

describe('.github/workflows', () => {
  const load = async (name: string): Promise<{ text: string; doc: Record<string, any> }> => {
    const text = await readFile(new URL(`../../.github/workflows/${name}`, import.meta.url), 'utf8');
    return { text, doc: parseYaml(text) as Record<string, any> };
  };
  const usesOf = (doc: Record<string, any>): string[] =>
    Object.values(doc.jobs as Record<string, { steps: Array<{ uses?: string }> }>).flatMap((job) => job.steps.flatMap((s) => (s.uses ? [s.uses] : [])));

  it('review.yml: on pull requests, checks, diffs against the base branch, uploads the SVGs, posts the comment', async () => {
    const { text, doc } = await load('review.yml');
    expect(Object.keys(doc.on)).toEqual(['pull_request']);
    for (const uses of usesOf(doc)) expect(uses, 'actions pinned to a major version').toMatch(/^actions\/[\w-]+@v\d+$/);
    const steps = (doc.jobs.review.steps as Array<Record<string, any>>).map((s): Record<string, any> => ({ ...s, run: String(s.run ?? '') }));
    const checkout = steps.find((s) => String(s.uses).startsWith('actions/checkout@'))!;
    expect(checkout.with['fetch-depth']).toBe(0);
    expect(String(steps.find((s) => String(s.uses).startsWith('actions/setup-node@'))!.with['node-version'])).toBe('20');
    const order = ['npm ci', 'npm run check', 'src/cli/main.ts diff --base origin/${{ github.base_ref }} --format markdown --svg-dir review-svg', 'actions/upload-artifact@', 'scripts/post-pr-comment.ts'];
    const at = order.map((needle) => steps.findIndex((s) => s.run.includes(needle) || String(s.uses ?? '').startsWith(needle)));
    expect(at.every((i) => i >= 0), `steps found: ${at.join(',')}`).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(doc.jobs.review.permissions['pull-requests']).toBe('write');
    expect(text).not.toMatch(/echo[^\n]*secrets\./);
  });

  it('every file and npm script the workflows run exists in this repository', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
    for (const name of ['review.yml', 'provision.yml']) {
      const { doc } = await load(name);
      const runs = Object.values(doc.jobs as Record<string, { steps: Array<{ run?: string }> }>).flatMap((job) => job.steps.map((s) => s.run ?? ''));
      for (const run of runs) {
        for (const m of run.matchAll(/npm run ([\w:-]+)/g)) expect(pkg.scripts, `${name}: npm run ${m[1]}`).toHaveProperty([m[1]!]);
        for (const m of run.matchAll(/npx tsx ([\w./-]+\.ts)/g)) {
          await expect(readFile(new URL(`../../${m[1]}`, import.meta.url), 'utf8'), `${name}: ${m[1]}`).resolves.toBeTypeOf('string');
        }
      }
    }
  });

  it('provision.yml: on push to main, npm ci then npm run provision with the Grafana secrets', async () => {
    const { text, doc } = await load('provision.yml');
    expect(doc.on).toEqual({ push: { branches: ['main'] } });
    for (const uses of usesOf(doc)) expect(uses).toMatch(/^actions\/[\w-]+@v\d+$/);
    const steps = doc.jobs.provision.steps as Array<Record<string, any>>;
    const provision = steps.find((s) => String(s.run ?? '').includes('npm run provision'))!;
    expect(provision.env).toMatchObject({ GRAFANA_URL: '${{ secrets.GRAFANA_URL }}', GRAFANA_TOKEN: '${{ secrets.GRAFANA_TOKEN }}' });
    expect(steps.findIndex((s) => String(s.run ?? '').includes('npm ci'))).toBeLessThan(steps.indexOf(provision));
    expect(text).not.toMatch(/echo[^\n]*secrets\./);
  });
});
