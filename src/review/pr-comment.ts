import { createGitHubApi, type GitHubApiOptions } from './github-api.js';

/**
 * One pull-request comment holds the diff report and is updated in place on every push, so the PR conversation
 * gets one living report instead of a comment per push. The comment is found by a hidden marker on its first line.
 */

/** Hidden HTML comment that marks our comment; GitHub does not render it. */
export const PR_COMMENT_MARKER = '<!-- k2-grafana-diff -->';

/** GitHub rejects issue/PR comment bodies longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface PrCommentBodyOptions {
  /** The report (`k2-grafana diff --format markdown`). */
  readonly markdown: string;
  /** Link to the workflow run's artifacts (layout SVGs and the full report). */
  readonly artifactUrl?: string;
  /** @default PR_COMMENT_MARKER */
  readonly marker?: string;
  /** @default GITHUB_COMMENT_LIMIT */
  readonly limit?: number;
}

export interface PrCommentBody {
  readonly body: string;
  readonly truncated: boolean;
}

/**
 * The comment body: marker line, report, artifact link. When too long for GitHub, the report is cut at a line
 * boundary, open code fences and `<details>` blocks are closed so the rest still renders, and a note says so.
 * Lengths count UTF-16 units, which is never fewer than GitHub's characters, so the result always fits.
 */
export function buildPrCommentBody(options: PrCommentBodyOptions): PrCommentBody {
  const marker = options.marker ?? PR_COMMENT_MARKER;
  const limit = options.limit ?? GITHUB_COMMENT_LIMIT;
  const head = `${marker}\n`;
  const markdown = options.markdown.replace(/\s+$/, '');
  const footer = options.artifactUrl ? `\n\n---\n:framed_picture: [Layout pictures (SVG) and the full report for this run](${options.artifactUrl})\n` : '\n';
  const whole = head + markdown + footer;
  if (whole.length <= limit) return { body: whole, truncated: false };

  const where = options.artifactUrl ? 'The full report (`diff.md`) is in the artifacts linked below.' : 'Run `npx k2-grafana diff --base <branch> --format markdown` for the full report.';
  const note = `\n\n> [!NOTE]\n> This report was truncated to fit GitHub's ${limit.toLocaleString('en-US')}-character comment limit. ${where}`;
  let budget = limit - head.length - footer.length - note.length;
  for (;;) {
    if (budget <= 0) throw new RangeError(`comment limit ${limit} is too small for the marker, note and footer`);
    const kept = cutAtLine(markdown, budget);
    const body = head + kept + closers(kept) + note + footer;
    if (body.length <= limit) return { body, truncated: true };
    // The closers did not fit: cut that much more and retry. The budget shrinks every round, so this ends.
    budget -= body.length - limit;
  }
}

/** The longest prefix of `text` of at most `max` units ending at a line break (or a code point boundary). */
function cutAtLine(text: string, max: number): string {
  if (text.length <= max) return text;
  const newline = text.lastIndexOf('\n', max);
  if (newline > 0) return text.slice(0, newline).replace(/\s+$/, '');
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1; // do not split a surrogate pair
  return text.slice(0, end);
}

function countOpenDetails(text: string): number {
  const opened = text.match(/<details\b/gi)?.length ?? 0;
  const closed = text.match(/<\/details>/gi)?.length ?? 0;
  return Math.max(0, opened - closed);
}

/** Markup that closes what the cut left open: an unterminated code fence, then open `<details>` blocks. */
function closers(kept: string): string {
  let out = '';
  const fence = openFence(kept);
  if (fence !== undefined) out += `\n${fence}`;
  // `<details>` inside a code block is text, not markup: count only outside fences.
  for (let i = countOpenDetails(outsideFences(kept)); i > 0; i--) out += '\n\n</details>';
  return out;
}

/**
 * The fence of the code block still open at the end of `text`, if any. CommonMark: a fence is 3+ backticks or
 * tildes; it is closed by a line of the same character at least as long, and nothing else.
 */
function openFence(text: string): string | undefined {
  let open: string | undefined;
  for (const line of text.split('\n')) {
    const m = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (!m) continue;
    const run = m[1]!;
    if (open === undefined) open = run;
    else if (run[0] === open[0] && run.length >= open.length && m[2]!.trim() === '') open = undefined;
  }
  return open;
}

function outsideFences(text: string): string {
  const out: string[] = [];
  let open: string | undefined;
  for (const line of text.split('\n')) {
    const m = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (m && open === undefined) open = m[1];
    else if (m && open !== undefined && m[1]![0] === open[0] && m[1]!.length >= open.length && m[2]!.trim() === '') open = undefined;
    else if (open === undefined) out.push(line);
  }
  return out.join('\n');
}

export interface UpsertPrCommentOptions extends GitHubApiOptions {
  /** `owner/name`. */
  readonly repository: string;
  /** The pull request number (PR comments are issue comments). */
  readonly issueNumber: number;
  /** The full body, marker included (see buildPrCommentBody). */
  readonly body: string;
  /** @default PR_COMMENT_MARKER */
  readonly marker?: string;
  /** Comments per page when searching. @default 100 (GitHub's maximum) */
  readonly perPage?: number;
  /** Stop searching after this many pages, a guard against a server that never ends (0: always create). @default 100 */
  readonly maxPages?: number;
}

export interface UpsertPrCommentResult {
  /** `unchanged`: the comment already had this exact body, so nothing was written (no notification noise). */
  readonly action: 'created' | 'updated' | 'unchanged';
  readonly id: number;
  readonly url: string;
}

interface IssueComment {
  readonly id: number;
  readonly body?: string | null;
  readonly html_url: string;
}

/** Finds our comment by its marker across all pages of the PR's comments; updates it, or creates one. */
export async function upsertPrComment(options: UpsertPrCommentOptions): Promise<UpsertPrCommentResult> {
  const marker = options.marker ?? PR_COMMENT_MARKER;
  if (!options.body.trimStart().startsWith(marker)) {
    throw new RangeError('the comment body must start with the marker, or the next run could not find it');
  }
  if (!/^[\w.-]+\/[\w.-]+$/.test(options.repository)) throw new RangeError(`repository must be owner/name, got "${options.repository}"`);
  if (!Number.isInteger(options.issueNumber) || options.issueNumber <= 0) throw new RangeError(`not a pull request number: ${options.issueNumber}`);

  const api = createGitHubApi(options);
  const repo = `/repos/${options.repository}`;
  const existing = await findMarkedComment(api, `${repo}/issues/${options.issueNumber}/comments?per_page=${options.perPage ?? 100}`, marker, options.maxPages ?? 100);

  if (!existing) {
    const { data } = await api.request<IssueComment>('POST', `${repo}/issues/${options.issueNumber}/comments`, { body: options.body });
    return { action: 'created', id: data.id, url: data.html_url };
  }
  if (existing.body === options.body) return { action: 'unchanged', id: existing.id, url: existing.html_url };
  const { data } = await api.request<IssueComment>('PATCH', `${repo}/issues/comments/${existing.id}`, { body: options.body });
  return { action: 'updated', id: data.id, url: data.html_url };
}

/**
 * The first comment whose body starts with the marker (a reply quoting our comment starts with `>`, so it is not
 * taken for ours). Pages are followed through the `Link` header, as GitHub documents.
 */
async function findMarkedComment(
  api: ReturnType<typeof createGitHubApi>,
  firstPage: string,
  marker: string,
  maxPages: number,
): Promise<IssueComment | undefined> {
  let target: string | undefined = firstPage;
  for (let page = 0; target !== undefined && page < maxPages; page++) {
    const response: { data: IssueComment[]; next?: string } = await api.request<IssueComment[]>('GET', target);
    const found = (Array.isArray(response.data) ? response.data : []).find((c) => typeof c.body === 'string' && c.body.trimStart().startsWith(marker));
    if (found) return found;
    target = response.next;
  }
  return undefined;
}
