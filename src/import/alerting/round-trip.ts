import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { leafDiff } from '../../diff/index.js';
import type { KindHandler, ParseContext, SpecOf } from '../../kinds/kind-handler.js';
import type { Registry } from '../../kinds/registry.js';
import type { ArtifactSet, JsonObject, ProjectDefinition } from '../../model/index.js';
import { isJsonObject } from '../../normalise/index.js';
import { generate } from '../../render/index.js';
import type { GeneratedFile, IndexEntry, InexactItem } from '../import-result.js';

/** The ParseContext both sides are read with: no providers (folders compare by the title the file names). */
export const IMPORT_OWNER = 'k2-grafana-import';
export const parseContext: ParseContext = { owner: IMPORT_OWNER, entries: () => [] };

const SDK_MODULES = ['alerting', 'expr', 'prometheus', 'cog'].map((m) => `@grafana/grafana-foundation-sdk/${m}`);

/** This package's definitions entry as a file: the `.ts` source in a checkout, the `.js` build when installed. */
function definitionsEntryFile(): string {
  const js = fileURLToPath(new URL('../../definitions/entry.js', import.meta.url));
  return existsSync(js) ? js : js.replace(/\.js$/, '.ts');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The project the generated modules define, built in-process: each module is written to a temporary folder with its
 * package imports pointed at this package's own files, loaded with jiti (the loader configs and definitions use), and
 * its exports collected into the fields the index entries name.
 */
export async function loadGeneratedProject(files: readonly GeneratedFile[], index: readonly IndexEntry[], definitionsSpecifier: string): Promise<ProjectDefinition> {
  const require = createRequire(import.meta.url);
  const targets = new Map<string, string>([[definitionsSpecifier, definitionsEntryFile()], ...SDK_MODULES.map((m) => [m, require.resolve(m)] as const)]);
  const dir = await mkdtemp(join(tmpdir(), 'k2-grafana-import-'));
  try {
    for (const file of files) {
      let text = file.text;
      for (const [specifier, target] of targets) text = text.replace(new RegExp(`from '${escapeRegExp(specifier)}'`, 'g'), `from ${JSON.stringify(target)}`);
      const at = join(dir, file.path);
      await mkdir(dirname(at), { recursive: true });
      await writeFile(at, text);
    }
    const { createJiti } = await import('jiti');
    const jiti = createJiti(import.meta.url, { fsCache: false, moduleCache: false, interopDefault: false });
    const project: Record<string, unknown[]> = {};
    for (const entry of index) {
      const module = (await jiti.import(join(dir, entry.module))) as Record<string, unknown>;
      if (!(entry.exportName in module)) throw new Error(`generated module ${entry.module} has no export ${entry.exportName}`);
      (project[entry.field] ??= []).push(module[entry.exportName]);
    }
    return { name: IMPORT_OWNER, knownMetrics: [], ...project } as ProjectDefinition;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every object of the registry's YAML sections in an artifact set (or one document), by kind and key. */
export function objectsOf(registry: Registry, documents: readonly (readonly [string, JsonObject])[]): Map<string, { handler: KindHandler<any>; spec: SpecOf<any> }> {
  const out = new Map<string, { handler: KindHandler<any>; spec: SpecOf<any> }>();
  for (const handler of registry.handlers.values()) {
    if (!handler.files || handler.files.section.endsWith('/')) continue;
    for (const [file, doc] of documents) {
      if (doc[handler.files.section] === undefined) continue;
      for (const spec of handler.files.parse(doc, file, parseContext)) out.set(`${handler.kind}\u0000${handler.key(spec.spec)}`, { handler, spec });
    }
  }
  return out;
}

export function yamlDocuments(artifacts: ArtifactSet): [string, JsonObject][] {
  return [...artifacts].filter(([path]) => /\.ya?ml$/.test(path)).map(([path, text]) => [path, parseYaml(text) as JsonObject] as [string, JsonObject]).filter(([, doc]) => isJsonObject(doc));
}

/** Generate of the generated project: the provisioning files it gives. */
export function regenerate(project: ProjectDefinition, registry: Registry, rootReceiver: string | undefined): ArtifactSet {
  return generate(project, { registry, ...(rootReceiver !== undefined ? { rootReceiver } : {}) });
}

/**
 * Where the original and the regenerated object differ once both are normalised by the kind's own normaliser (each
 * with the other as its peer, as plan compares): one item per differing leaf, named by path. Values are not shown:
 * they may be contact-point settings.
 */
export function differences(handler: KindHandler<any>, original: unknown, regenerated: unknown, within: string): InexactItem[] {
  const before = handler.normalise(original, regenerated);
  const after = handler.normalise(regenerated, original);
  return leafDiff(before, after).map((change) => ({
    path: change.path,
    within,
    reason: change.after === undefined ? 'lost when regenerated' : change.before === undefined ? 'added when regenerated' : 'regenerated with a different value',
  }));
}
