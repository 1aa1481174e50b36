import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { handWrittenProject, mergeImported } from '../../src/cli/imported-project.js';
import { explain } from '../../src/import/dashboard/index.js';
import type { ProjectDefinition } from '../../src/model/index.js';

const dir = mkdtempSync(join(tmpdir(), 'k2g-imported-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// One folder per case: a module, once imported, stays in the process's module cache.
const place = (name: string) => ({ definitions: join(dir, name, 'index.ts'), index: join(dir, name, 'imported', 'index.ts') });
const dashboard = (uid: string) => ({ source: 'x.ts', folderUid: 'f', dashboard: { uid, title: uid, panels: [] } });
const project = (uids: string[]): ProjectDefinition => ({ name: 'p', knownMetrics: [], dashboards: uids.map(dashboard) });

function writeIndex(index: string, uids: string[]): void {
  mkdirSync(join(index, '..'), { recursive: true });
  writeFileSync(index, `export const imported = { dashboards: ${JSON.stringify(uids.map(dashboard))} };\nexport const lintExclusions = [{ rule: 'panel-title', reason: 'imported; not yet reviewed', dashboard: 'b' }];\n`);
}

describe('the generated import index, merged into the project', () => {
  it('adds its lists after the hand-written entries, with its lint exclusions, and can be taken out again', async () => {
    const { definitions, index } = place('merge');
    writeIndex(index, ['b', 'c']);
    const { project: merged, imported } = await mergeImported(project(['a']), definitions);
    expect((merged.dashboards ?? []).map((d) => d.dashboard.uid)).toEqual(['a', 'b', 'c']);
    expect([...imported!.keys.get('dashboards')!]).toEqual(['b', 'c']);
    expect(imported!.lintExclusions).toEqual([{ rule: 'panel-title', reason: 'imported; not yet reviewed', dashboard: 'b' }]);
    expect((handWrittenProject(merged, imported).dashboards ?? []).map((d) => d.dashboard.uid)).toEqual(['a']);
  });

  it('an object defined by hand and in the index is an error naming both modules', async () => {
    const { definitions, index } = place('twice');
    writeIndex(index, ['a']);
    await expect(mergeImported(project(['a']), definitions)).rejects.toMatchObject({
      code: 'invalid-definitions',
      issues: [`dashboard "a" is defined twice: in ${definitions} and in ${index} (imported)`],
    });
  });

  it('no index, nothing merged', async () => {
    const other = join(dir, 'elsewhere', 'index.ts');
    const { project: merged, imported } = await mergeImported(project(['a']), other);
    expect(imported).toBeUndefined();
    expect(merged.dashboards).toHaveLength(1);
  });
});

describe('an inexact round trip is explained by field path, within its panel', () => {
  it('names the path, what came back and what was there', () => {
    const wanted = { uid: 'u', panels: [{ id: 3, title: 'Lag', targets: [{ refId: 'A', expr: 'x' }] }] };
    const got = { uid: 'u', panels: [{ id: 3, title: 'Lag', targets: [{ refId: 'B', expr: 'x' }] }], extra: true };
    expect(explain(wanted, got)).toEqual([
      { path: 'panels[0].targets[0].refId', reason: 'regenerated as "B" instead of "A"', within: 'panel "Lag" (id 3)' },
      { path: 'extra', reason: 'regenerated as true instead of nothing' },
    ]);
  });
});

describe('the generated index text', () => {
  it('aliases an export name two modules share, so the index compiles and loads both objects (same record, same text)', async () => {
    const { indexText } = await import('../../src/import/import-index.js');
    const root = join(dir, 'alias');
    mkdirSync(join(root, 'imported', 'a'), { recursive: true });
    mkdirSync(join(root, 'imported', 'b'), { recursive: true });
    writeFileSync(join(root, 'imported', 'a', 'index.ts'), `export const checkout = ${JSON.stringify(dashboard('a'))};\n`);
    writeFileSync(join(root, 'imported', 'b', 'index.ts'), `export const checkout = ${JSON.stringify({ source: 'b.ts', group: { title: 'checkout', folderUid: 'f', interval: '1m', rules: [] } })};\n`);
    const entry = (field: string, module: string, key: string) => ({ field, exportName: 'checkout', module, key, origin: key, lintExclusions: [] });
    const record = { entries: [entry('dashboards', 'imported/a/index.ts', 'a'), entry('ruleGroups', 'imported/b/index.ts', 'f/checkout')] };
    const text = indexText(record, 'imported/index.ts');
    expect(text).toBe(indexText(record, 'imported/index.ts'));
    expect(text).toContain("import { checkout } from './a/index.js';");
    expect(text).toContain("import { checkout as checkout2 } from './b/index.js';");
    writeFileSync(join(root, 'imported', 'index.ts'), text);
    const { createJiti } = await import('jiti');
    const loaded = (await createJiti(import.meta.url, { fsCache: false, moduleCache: false }).import(join(root, 'imported', 'index.ts'))) as { imported: Record<string, { source: string }[]> };
    expect(loaded.imported.dashboards!.map((d) => d.source)).toEqual(['x.ts']);
    expect(loaded.imported.ruleGroups!.map((g) => g.source)).toEqual(['b.ts']);
  });
});
