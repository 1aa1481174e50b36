import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/** Our own definitions entry (source in a checkout and under vitest, compiled JavaScript in the package). */
function definitionsEntry(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of ['../definitions/entry.js', '../definitions/entry.ts']) {
    const path = join(here, candidate);
    if (existsSync(path)) return path;
  }
  throw new Error(`k2-grafana's definitions entry is not beside ${here}`);
}

/**
 * Runs generated modules as a project would: bundles each with esbuild (the SDK left to Node, the
 * definitions helpers ours), imports it and takes its definition. What it returns is what `generate` will write, so the
 * importer compares it with the original: the check runs the printed code itself, not the importer's model of it.
 */
export async function runGenerated(
  files: ReadonlyMap<string, string>,
  modules: readonly { readonly module: string; readonly exportName: string }[],
  definitionsImport: string,
): Promise<unknown[]> {
  if (modules.length === 0) return [];
  const { build } = await import('esbuild');
  const dir = await mkdtemp(join(tmpdir(), 'k2g-import-check-'));
  try {
    for (const [path, text] of files) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    const entry = modules.map((m, i) => `export { ${m.exportName} as m${i} } from ${JSON.stringify(`./${m.module}`)};`).join('\n');
    const entryFile = join(dir, '__entry.ts');
    await writeFile(entryFile, entry);
    const ours = definitionsEntry();
    const result = await build({
      entryPoints: [entryFile], bundle: true, write: false, format: 'esm', platform: 'node', target: 'node20', logLevel: 'silent',
      outfile: join(dir, 'bundle.mjs'),
      plugins: [{
        name: 'k2-grafana-import-check',
        setup(b) {
          b.onResolve({ filter: /^@grafana\/grafana-foundation-sdk\// }, (args) => ({ path: require.resolve(args.path), external: true }));
          // The helpers are ours whatever the generated code calls them (a package name, or a path inside k2-grafana).
          const relativeEntry = definitionsImport.startsWith('/') ? definitionsImport.replace(/\.ts$/, '.js') : undefined;
          b.onResolve({ filter: /.*/ }, (args) => (args.path === definitionsImport || (relativeEntry && args.path.endsWith(relativeEntry.split('/').slice(-2).join('/'))) ? { path: ours } : undefined));
        },
      }],
    });
    const bundle = join(dir, 'bundle.mjs');
    await writeFile(bundle, result.outputFiles[0]!.text);
    const loaded = (await import(pathToFileURL(bundle).href)) as Record<string, unknown>;
    return modules.map((_, i) => loaded[`m${i}`]!);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
