import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { filesUnder, readText, repoPath, root } from './source-files.js';

// K2 is an application on top of the library: k2/ and dashboards/ (and K2's config) reach src/ only through the
// package's public entry points (what package.json `exports` names: src/index.ts, and any lighter entry such as the
// config's); src/ reaches nothing outside itself. Imports are read with TypeScript's own
// pre-processor, so static imports, re-exports, `import type` and dynamic `import()` all count.

/** Every module specifier a TypeScript file names: imports, re-exports, import types and dynamic imports. */
function specifiers(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/** `new URL('<relative>', import.meta.url)`: how a module names another file it loads at run time. */
function fileUrls(source: string): string[] {
  return [...source.matchAll(/new URL\(\s*['"](\.[^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g)].map((m) => m[1]!);
}

const tsFiles = (folder: string) => filesUnder(folder, (p) => p.endsWith('.ts'));
const inside = (path: string, folder: string) => repoPath(path) === folder || repoPath(path).startsWith(`${folder}/`);

/** The package's entry points into src/, from package.json `exports` (`./dist/src/x.js` -> `src/x.ts` and `.js`). */
function publicEntries(): Set<string> {
  const { exports } = JSON.parse(readText(join(root, 'package.json'))) as { exports: Record<string, string | { import?: string }> };
  const entries = new Set<string>();
  for (const target of Object.values(exports)) {
    const file = typeof target === 'string' ? target : target.import;
    const match = file && /^\.\/dist\/(src\/.+)\.js$/.exec(file);
    if (match) entries.add(`${match[1]}.ts`).add(`${match[1]}.js`);
  }
  return entries;
}
const publicEntry = publicEntries();

/** Imports of `file` that reach into src/ past its entry point: `file: specifier`. */
function deepImports(file: string, source = readText(file)): string[] {
  return specifiers(source)
    .filter((s) => s.startsWith('.'))
    .filter((s) => {
      const target = resolve(dirname(file), s);
      return inside(target, 'src') && !publicEntry.has(repoPath(target));
    })
    .map((s) => `${repoPath(file)}: ${s}`);
}

/** Imports and run-time file URLs of a src/ file that leave src/: `file: specifier`. */
function escapes(file: string, source = readText(file)): string[] {
  return [...specifiers(source), ...fileUrls(source)]
    .filter((s) => s.startsWith('.') && !inside(resolve(dirname(file), s), 'src'))
    .map((s) => `${repoPath(file)}: ${s}`);
}

const applicationFiles = [...tsFiles('k2'), ...tsFiles('dashboards'), join(root, 'k2-grafana.config.ts')];

describe('K2 uses the library through its public API only', () => {
  it('finds the imports it checks (the reader is not blind), and the package entry src/index.ts', () => {
    expect(publicEntry.has('src/index.ts')).toBe(true);
    const config = join(root, 'k2-grafana.config.ts');
    expect(specifiers(readText(config))).toEqual(expect.arrayContaining(['./src/config/index.js', './k2/commands/index.js']));
    expect(tsFiles('k2').length).toBeGreaterThan(20);
    expect(tsFiles('dashboards').length).toBeGreaterThan(10);
  });

  it('flags a deep import, a re-export, an import type and a dynamic import into src/', () => {
    const file = join(root, 'k2', 'commands', 'example.ts');
    const source = [
      "import { defineCommand } from '../../src/cli/command.js';",
      "export { ExitCode } from '../../src/cli/exit-codes.js';",
      "type IO = import('../../src/cli/io.js').CliIO;",
      "const lazy = () => import('../../src/grafana/index.js');",
      "import { UsageError } from '../../src/index.js';",
    ].join('\n');
    expect(deepImports(file, source)).toEqual([
      'k2/commands/example.ts: ../../src/cli/command.js',
      'k2/commands/example.ts: ../../src/cli/exit-codes.js',
      'k2/commands/example.ts: ../../src/cli/io.js',
      'k2/commands/example.ts: ../../src/grafana/index.js',
    ]);
  });

  it("no file in k2/, dashboards/ or k2-grafana.config.ts imports past the package's entry points", () => {
    expect(applicationFiles.flatMap((file) => deepImports(file))).toEqual([]);
  });
});

describe('src/ is the generic library: it reaches nothing outside itself', () => {
  it('flags an import of dashboards/ and a file URL into k2/', () => {
    const file = join(root, 'src', 'cli', 'example.ts');
    const source = "import * as c from '../../dashboards/catalog.js';\nconst u = new URL('../../k2/index.js', import.meta.url);";
    expect(escapes(file, source)).toEqual(['src/cli/example.ts: ../../dashboards/catalog.js', 'src/cli/example.ts: ../../k2/index.js']);
  });

  it('no src/ file imports or loads anything from dashboards/, k2/ or elsewhere outside src/', () => {
    expect(tsFiles('src').flatMap((file) => escapes(file))).toEqual([]);
  });
});
