import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CantCreateError, UsageError } from '../../errors.js';
import { scaffoldDevDependencies, scaffoldFiles, scaffoldScripts } from '../../init/scaffold.js';
import { listed } from './index.js';
import { defineCommand } from '../command.js';
import { ExitCode } from '../exit-codes.js';

interface InitArgs {
  dir: string;
  metric: string;
  name?: string;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** `init`: a new project in an (otherwise empty) folder; `generate` and `check` pass on it as written. */
export const initCommand = defineCommand<InitArgs>({
  ...listed('init'),
  examples: [
    ['$0 init --metric http_requests_total', 'Scaffold here, on your own metric'],
    ['$0 init services/api --metric api_queue_depth --name api', 'Scaffold into a folder, naming the project'],
  ],
  builder: (y) =>
    y
      .positional('dir', { type: 'string', default: '.', describe: 'Folder to create the project in' })
      .option('metric', { type: 'string', demandOption: true, describe: 'A Prometheus metric the example dashboard and alert rule use' })
      .option('name', { type: 'string', describe: "Project name (ownership marker in Grafana); default: package.json's name or the folder's" }),
  async run(args, io) {
    if (!METRIC_NAME.test(args.metric)) {
      throw new UsageError(`--metric "${args.metric}" is not a Prometheus metric name`, 'Use letters, digits, _ and :, not starting with a digit, e.g. http_requests_total.');
    }
    const dir = resolve(io.cwd, args.dir);
    const packagePath = join(dir, 'package.json');
    const existingPackage = existsSync(packagePath) ? await readPackage(packagePath) : undefined;
    const name = projectName(args.name ?? (typeof existingPackage?.name === 'string' ? existingPackage.name : basename(dir)));
    const files = scaffoldFiles({ name, metric: args.metric });
    // All or nothing: refuse before writing anything if any file exists, so nothing of the user's is overwritten.
    const taken = [...files.keys()].filter((file) => existsSync(join(dir, file)));
    if (taken.length > 0) {
      throw new UsageError(`${dir} already has ${taken.join(', ')}; init writes nothing over existing files`, 'Run init in an empty folder (a package.json and node_modules/ may be there), or remove those files.');
    }
    // The scaffold is ES modules, and so is this package: `npm init -y` says "commonjs" nowadays.
    const madeModule = existingPackage !== undefined && existingPackage.type !== 'module';
    const pkg = {
      ...(existingPackage ?? { name, version: '0.1.0', private: true }),
      type: 'module',
      scripts: { ...scaffoldScripts, ...((existingPackage?.scripts as Record<string, string> | undefined) ?? {}) },
      devDependencies: { ...scaffoldDevDependencies, ...((existingPackage?.devDependencies as Record<string, string> | undefined) ?? {}) },
    };
    files.set('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
    try {
      for (const [file, content] of files) {
        const path = join(dir, file);
        await mkdir(dirname(path), { recursive: true });
        // Written beside, then renamed: an interrupted init leaves no half-written file.
        await writeFile(`${path}.tmp-init`, content, 'utf8');
        await rename(`${path}.tmp-init`, path);
      }
    } catch (error) {
      throw new CantCreateError(`cannot write the project into ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 'Choose a folder you can write to.', { cause: error });
    }
    for (const file of [...files.keys()].sort()) io.stdout(`wrote   ${file}\n`);
    if (madeModule) io.stdout('package.json: "type" set to "module" (the scaffold is ES modules)\n');
    io.stdout(
      `\nProject "${name}" is ready. Next:\n  npx k2-grafana generate   # writes provisioning/\n  npx k2-grafana check\n` +
        '  GRAFANA_TOKEN=... npx k2-grafana plan   # against the "local" context in k2-grafana.config.ts\n' +
        'Install TypeScript for `npm run typecheck`: npm install\n',
    );
    return ExitCode.Ok;
  },
});

async function readPackage(path: string): Promise<Record<string, unknown>> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw new UsageError(`${path} is not a JSON object`, 'Fix package.json (or remove it) and run init again.');
}

/** A name usable in uids and the ownership marker: lowercase letters, digits and dashes. */
function projectName(raw: string): string {
  const name = raw.replace(/^@[^/]+\//, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (name === '') throw new UsageError(`cannot make a project name of "${raw}"`, 'Pass --name with letters and digits.');
  return name.slice(0, 24);
}
