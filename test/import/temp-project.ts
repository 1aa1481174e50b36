import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scaffoldFiles } from '../../src/init/scaffold.js';

export const repoRoot = join(import.meta.dirname, '../..');
export const sharedDashboards = join(repoRoot, '../shared/fixtures/dashboards');
export const ownFixtures = join(import.meta.dirname, 'fixtures');

/**
 * A project as `init` writes it, in a temp folder, with `k2-grafana` resolving to this checkout's sources (a package
 * folder whose exports name src/*.ts, loaded by the CLI's TypeScript loader) and the repository's dependencies beside
 * it: what a team that installed the package has, without building and packing it for every test.
 */
export function tempProject(options: { prefix?: string; scaffold?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), options.prefix ?? 'k2g-import-'));
  // `init`'s files, unless the test runs `init` itself.
  if (options.scaffold !== false) {
    for (const [path, text] of scaffoldFiles({ name: 'team', metric: 'up' })) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'team', private: true, type: 'module' }));
  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, 'k2-grafana'), { recursive: true });
  for (const entry of readdirSync(join(repoRoot, 'node_modules'))) {
    if (entry !== 'k2-grafana') symlinkSync(join(repoRoot, 'node_modules', entry), join(modules, entry));
  }
  symlinkSync(join(repoRoot, 'src'), join(modules, 'k2-grafana/src'));
  writeFileSync(join(modules, 'k2-grafana/package.json'), JSON.stringify({
    name: 'k2-grafana', type: 'module',
    exports: { '.': './src/index.ts', './config': './src/config/index.ts', './definitions': './src/definitions/entry.ts' },
  }));
  return dir;
}
