import { parse as parseYaml } from 'yaml';
import { K2GrafanaError } from '../errors.js';
import type { KindHandler, ParseContext } from '../kinds/kind-handler.js';
import { defaultRegistry, type Registry } from '../kinds/registry.js';
import type { ArtifactSet, JsonObject, JsonValue } from '../model/index.js';
import { canonicalJson, isJsonObject } from '../normalise/index.js';
import { resourceOf } from '../plan/desired-resources.js';

/**
 * One object of a review side: a kind's resource, as plan builds it (from the definitions, a provisioning file or
 * Grafana), or a provisioning file no kind reads, kept whole as kind `file` so a change to it still shows.
 */
export interface ReviewObject {
  readonly kind: string;
  readonly key: string;
  readonly title: string;
  /** Path relative to provisioning/ (or the definition source, or '' for objects only Grafana holds). */
  readonly file: string;
  /** The kind's spec; for a `file`, its parsed content. */
  readonly spec: unknown;
}

/** A file of the artifact set does not parse (exit 1, like other invalid input). Names the file and what to do. */
export class ArtifactParseError extends K2GrafanaError {
  readonly file: string;
  constructor(file: string, cause: unknown) {
    super(
      'invalid-definitions',
      `${file} does not parse: ${cause instanceof Error ? cause.message : String(cause)}`,
      'Fix the file, or regenerate provisioning/ with `npm run generate` (diff reads JSON and YAML provisioning files).',
      { cause },
    );
    this.file = file;
  }
}

function parseFile(file: string, content: string): JsonValue {
  try {
    const value: unknown = /\.json$/i.test(file) ? JSON.parse(content) : parseYaml(content);
    return canonicalJson(value);
  } catch (error) {
    throw new ArtifactParseError(file, error);
  }
}

export interface ArtifactObjectsOptions {
  readonly registry?: Registry;
  /** The project's owner, for kinds keyed by it (the policy route). @default '' */
  readonly owner?: string;
}

/** The kinds that read a file: the one whose `dir/` holds it (JSON), or those whose list section the document has. */
function readersOf(handlers: readonly KindHandler<any>[], file: string, doc: JsonObject): KindHandler<any>[] {
  return handlers.filter((h) => {
    const section = h.files!.section;
    return section.endsWith('/') ? /\.json$/i.test(file) && file.startsWith(section) : Array.isArray(doc[section]);
  });
}

/**
 * The objects in an artifact set (Grafana's file-provisioning layout, grafana-http-api.md 12.2), read back by each
 * kind's own parser into the resources plan builds from the definitions, so review compares what plan compares.
 * Files no kind reads (dashboard providers, Prometheus rules) are kept whole as kind `file`.
 */
export function artifactObjects(artifacts: ArtifactSet, options: ArtifactObjectsOptions = {}): ReviewObject[] {
  const registry = options.registry ?? defaultRegistry;
  const handlers = [...registry.handlers.values()].filter((h) => h.files);
  const parsed = [...artifacts].map(([file, content]) => ({ file, value: parseFile(file, content) }));
  const ctx: ParseContext = {
    owner: options.owner ?? '',
    entries: (section) => parsed.flatMap(({ value }) => (isJsonObject(value) && Array.isArray(value[section]) ? value[section].filter(isJsonObject) : [])),
  };
  const out: ReviewObject[] = [];
  for (const { file, value } of parsed) {
    const doc: JsonObject = isJsonObject(value) ? value : { content: value };
    const found = isJsonObject(value)
      ? readersOf(handlers, file, doc).flatMap((h) => h.files!.parse(doc, file, ctx).map((item) => ({ ...resourceOf(registry, h.kind, item), file })))
      : [];
    if (found.length === 0) out.push({ kind: 'file', key: file, title: file, file, spec: doc });
    for (const r of found) out.push({ kind: r.kind, key: r.key, title: r.title, file, spec: r.spec });
  }
  return out;
}
