/**
 * Posts (or updates) the one k2-grafana diff comment on a pull request. Called by .github/workflows/review.yml:
 *
 *   npx tsx scripts/post-pr-comment.ts --body-file diff.md --artifact-url "$ARTIFACT_URL"
 *
 * Reads GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL and the PR number (from --pr, or the pull_request event
 * payload at GITHUB_EVENT_PATH) from the environment Actions provides. Prints what it did; never the token.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { K2GrafanaError } from '../src/errors.js';
import { buildPrCommentBody, upsertPrComment } from '../src/review/pr-comment.js';

const USAGE = `Usage: tsx scripts/post-pr-comment.ts --body-file <report.md> [--pr <number>] [--artifact-url <url>] [--dry-run]

Posts the markdown report as one pull-request comment, found by its hidden marker and updated on later runs.

Options:
  --body-file      the markdown report (from \`k2-grafana diff --format markdown\`)
  --pr             pull request number (default: from the event payload at $GITHUB_EVENT_PATH)
  --artifact-url   link to the run's artifacts, shown under the report
                   (default: the run page, $GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID)
  --dry-run        print the comment body instead of posting it

Environment: GITHUB_TOKEN (needs pull-requests: write), GITHUB_REPOSITORY (owner/name),
GITHUB_API_URL (default https://api.github.com).

Examples:
  GITHUB_TOKEN=... GITHUB_REPOSITORY=acme/k2 tsx scripts/post-pr-comment.ts --body-file diff.md --pr 42
  tsx scripts/post-pr-comment.ts --body-file diff.md --dry-run
`;

export interface PostPrCommentDeps {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly fetch?: typeof fetch;
  readonly cwd?: string;
}

/** Runs the script; returns the process exit code (0 ok, 1 failed, 64 usage). */
export async function postPrComment(deps: PostPrCommentDeps): Promise<number> {
  const { env, stdout, stderr } = deps;
  let args;
  try {
    args = parseArgs({
      args: [...deps.argv],
      options: {
        'body-file': { type: 'string' },
        pr: { type: 'string' },
        'artifact-url': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    stderr(`error: ${(error as Error).message}\n\n${USAGE}`);
    return 64;
  }
  if (args.help) {
    stdout(USAGE);
    return 0;
  }
  const usage = (message: string): number => {
    stderr(`error: ${message}\n\n${USAGE}`);
    return 64;
  };
  if (!args['body-file']) return usage('--body-file is required');

  try {
    const markdown = await readFile(resolve(deps.cwd ?? process.cwd(), args['body-file']), 'utf8');
    const runUrl = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
    const artifactUrl = args['artifact-url'] || runUrl;
    const { body, truncated } = buildPrCommentBody({ markdown, ...(artifactUrl ? { artifactUrl } : {}) });
    if (truncated) stderr(`note: the report is longer than GitHub's comment limit; the comment holds a truncated copy.\n`);
    if (args['dry-run']) {
      stdout(body);
      return 0;
    }

    const token = env.GITHUB_TOKEN;
    if (!token) return usage('GITHUB_TOKEN is not set (in Actions: env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }})');
    const repository = env.GITHUB_REPOSITORY;
    if (!repository) return usage('GITHUB_REPOSITORY (owner/name) is not set');
    const issueNumber = args.pr !== undefined ? Number(args.pr) : await prNumberFromEvent(env.GITHUB_EVENT_PATH);
    if (issueNumber === undefined || !Number.isInteger(issueNumber) || issueNumber <= 0) {
      return usage('no pull request number: pass --pr, or run on a pull_request event (GITHUB_EVENT_PATH)');
    }

    const result = await upsertPrComment({
      apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
      token,
      repository,
      issueNumber,
      body,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
    stdout(`${result.action} the k2-grafana diff comment on ${repository}#${issueNumber}: ${result.url}\n`);
    return 0;
  } catch (error) {
    if (error instanceof K2GrafanaError) stderr(`error: ${error.message}\nhint: ${error.hint}\n`);
    else stderr(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

async function prNumberFromEvent(eventPath: string | undefined): Promise<number | undefined> {
  if (!eventPath) return undefined;
  const event = JSON.parse(await readFile(eventPath, 'utf8')) as { pull_request?: { number?: unknown }; number?: unknown };
  const number = event.pull_request?.number ?? event.number;
  return typeof number === 'number' ? number : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const code = await postPrComment({
    argv: process.argv.slice(2),
    env: process.env,
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  });
  process.exitCode = code;
}
