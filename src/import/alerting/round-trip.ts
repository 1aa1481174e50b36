import { parse as parseYaml } from 'yaml';
import { leafDiff } from '../../diff/index.js';
import type { KindHandler, ParseContext, SpecOf } from '../../kinds/kind-handler.js';
import type { Registry } from '../../kinds/registry.js';
import type { ArtifactSet, JsonObject, ProjectDefinition } from '../../model/index.js';
import { isJsonObject } from '../../normalise/index.js';
import { generate } from '../../render/index.js';
import type { GeneratedFile, IndexEntry, InexactItem } from '../import-result.js';
import { moduleSpecifier } from './code.js';

/** The ParseContext both sides are read with: no providers (folders compare by the title the file names). */
export const IMPORT_OWNER = 'k2-grafana-import';
export const parseContext: ParseContext = { owner: IMPORT_OWNER, entries: () => [] };

/**
 * The project the generated modules define, built in-process: each module is transpiled (jiti's transform, the loader
 * configs and definitions use) and run with its imports bound to the module instances this package already loaded
 * (the definitions entry, the SDK), so nothing is written and nothing is loaded twice; its exports are collected into
 * the fields the index entries name.
 */
export async function loadGeneratedProject(files: readonly GeneratedFile[], index: readonly IndexEntry[], definitionsSpecifier: string): Promise<ProjectDefinition> {
  const [{ createJiti }, definitionsEntry, alerting, expr, prometheus] = await Promise.all([
    import('jiti'), import('../../definitions/entry.js'), import('@grafana/grafana-foundation-sdk/alerting'),
    import('@grafana/grafana-foundation-sdk/expr'), import('@grafana/grafana-foundation-sdk/prometheus'),
  ]);
  const bound: Record<string, unknown> = {
    '@grafana/grafana-foundation-sdk/alerting': alerting,
    '@grafana/grafana-foundation-sdk/expr': expr,
    '@grafana/grafana-foundation-sdk/prometheus': prometheus,
  };
  const jiti = createJiti(import.meta.url, { fsCache: false, moduleCache: false });
  const modules = new Map<string, Record<string, unknown>>();
  const load = (file: GeneratedFile): Record<string, unknown> => {
    const known = modules.get(file.path);
    if (known) return known;
    const code = jiti.transform({ source: file.text, filename: file.path, ts: true });
    const exports: Record<string, unknown> = {};
    const definitions = moduleSpecifier(definitionsSpecifier, file.path);
    const require = (specifier: string): unknown => {
      if (specifier === definitions) return definitionsEntry;
      if (specifier in bound) return bound[specifier];
      throw new Error(`generated module ${file.path} imports ${specifier}, which an imported definition never needs`);
    };
    new Function('exports', 'require', 'module', code)(exports, require, { exports });
    modules.set(file.path, exports);
    return exports;
  };
  const project: Record<string, unknown[]> = {};
  for (const entry of index) {
    const file = files.find((f) => f.path === entry.module);
    if (!file) throw new Error(`index entry ${entry.exportName} names ${entry.module}, which was not generated`);
    const module = load(file);
    if (!(entry.exportName in module)) throw new Error(`generated module ${entry.module} has no export ${entry.exportName}`);
    (project[entry.field] ??= []).push(module[entry.exportName]);
  }
  return { name: IMPORT_OWNER, knownMetrics: [], ...project } as ProjectDefinition;
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
