import { execFile } from 'node:child_process';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { K2GrafanaError } from '../errors.js';
import type { ArtifactSet } from '../model/index.js';

/** Runs git with arguments in a directory and returns stdout (injected so tests need no real repository). */
export type GitRunner = (args: readonly string[], cwd: string) => Promise<string>;

/** The base ref (or the repository) cannot be read. Exit code: usage (the user named something that is not there). */
export class GitRefError extends K2GrafanaError {
  constructor(message: string, hint: string, options?: { cause?: unknown }) {
    super('usage', message, hint, options);
  }
}

export const runGit: GitRunner = (args, cwd) =>
  new Promise((resolvePromise, reject) => {
    execFile('git', [...args], { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stderr }));
      else resolvePromise(stdout);
    });
  });

export interface GitArtifactsOptions {
  /** Commit, branch or tag, e.g. `origin/main`. */
  readonly ref: string;
  /** The provisioning directory, as a path relative to `cwd` (or absolute). @default 'provisioning' */
  readonly dir?: string;
  readonly cwd: string;
  readonly git?: GitRunner;
}

/** Provisioning files only: what Grafana reads (dot files such as the generator's manifest are not artifacts). */
const ARTIFACT_FILE = /(^|\/)[^./][^/]*\.(json|ya?ml)$/i;

/**
 * The artifacts committed at a git ref: every provisioning file under `dir` at that ref (`git ls-tree` + `git show`),
 * keyed by path relative to `dir`, sorted. A directory absent at the ref gives an empty set (everything is added).
 */
export async function readArtifactsAtRef(options: GitArtifactsOptions): Promise<ArtifactSet> {
  const git = options.git ?? runGit;
  let top: string;
  try {
    top = (await git(['rev-parse', '--show-toplevel'], options.cwd)).trim();
  } catch (error) {
    throw new GitRefError(`${options.cwd} is not inside a git repository`, 'Run diff --base from a clone of the repository, or compare two files: k2-grafana diff A.json B.json.', { cause: error });
  }
  try {
    await git(['rev-parse', '--verify', '--quiet', `${options.ref}^{commit}`], top);
  } catch (error) {
    throw new GitRefError(`git ref "${options.ref}" does not exist here`, `Fetch it first (e.g. \`git fetch origin ${options.ref.replace(/^origin\//, '')}\`) or name an existing branch, tag or commit.`, { cause: error });
  }
  const dir = relative(top, resolve(options.cwd, options.dir ?? 'provisioning')).split(sep).join('/');
  if (dir === '..' || dir.startsWith('../') || isAbsolute(dir)) {
    throw new GitRefError(`the provisioning folder ${options.dir ?? 'provisioning'} is outside the git repository at ${top}`, 'Pass --dir a folder inside the repository (relative to the current folder), or compare two files: k2-grafana diff A.json B.json.');
  }
  const listing = await git(['ls-tree', '-r', '--name-only', '-z', options.ref, '--', `${dir}/`], top);
  const files = listing.split('\0').filter((f) => f !== '' && f.startsWith(`${dir}/`)).map((f) => f.slice(dir.length + 1)).filter((f) => ARTIFACT_FILE.test(f)).sort();
  const out = new Map<string, string>();
  for (const file of files) out.set(file, await git(['show', `${options.ref}:${dir}/${file}`], top));
  return out;
}
