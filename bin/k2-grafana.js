#!/usr/bin/env node
// The `k2-grafana` command. An installed package has no src/ and runs its compiled JavaScript. In a source checkout
// it runs the working tree: the TypeScript is transpiled (esbuild, no type check) into .k2-grafana/build whenever its
// content hash changes, so a start costs one hash of the sources, never a stale dist/ and never a full tsc build.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const main = existsSync(join(root, 'src/cli/main.ts')) ? await fromSource() : await import('../dist/src/cli/main.js');
await main.runMain();

async function fromSource() {
  const files = sourceFiles();
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(join(root, file))).update('\0');
  const digest = hash.digest('hex');
  const build = join(root, '.k2-grafana/build');
  if (readText(join(build, '.source-hash')) !== digest) await transpile(files, build, digest);
  // Modules the CLI loads by path (the config, the definitions) come from the same build, so they share its instances.
  globalThis[Symbol.for('k2-grafana.prebuilt')] = { sourceRoot: root, buildRoot: build };
  return import(pathToFileURL(join(build, 'src/cli/main.js')).href);
}

/** What the build is made of: the library, K2's definitions and application, and the config. */
function sourceFiles() {
  const out = existsSync(join(root, 'k2-grafana.config.ts')) ? ['k2-grafana.config.ts'] : [];
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|json)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
    }
  };
  for (const dir of ['src', 'dashboards', 'k2']) if (existsSync(join(root, dir))) walk(dir);
  return out.sort();
}

/** Transpile into a fresh folder, then swap it in: a concurrent start never sees half a build. */
async function transpile(files, build, digest) {
  const { build: esbuild } = await import('esbuild');
  const temp = `${build}-${process.pid}-${Date.now()}`;
  await esbuild({
    entryPoints: files.filter((f) => f.endsWith('.ts')).map((f) => join(root, f)),
    outdir: temp, outbase: root, format: 'esm', platform: 'node', target: 'node20', bundle: false, logLevel: 'error',
    supported: { 'import-attributes': true },
  });
  for (const file of files.filter((f) => f.endsWith('.json'))) {
    mkdirSync(dirname(join(temp, file)), { recursive: true });
    copyFileSync(join(root, file), join(temp, file));
  }
  writeFileSync(join(temp, '.source-hash'), digest);
  rmSync(build, { recursive: true, force: true });
  try {
    renameSync(temp, build);
  } catch {
    // Another start swapped its build in first: it is built from the same sources.
    rmSync(temp, { recursive: true, force: true });
  }
  if (readText(join(build, '.source-hash')) !== digest) throw new Error(`k2-grafana: could not build ${relative(process.cwd(), build)}`);
}

function readText(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
