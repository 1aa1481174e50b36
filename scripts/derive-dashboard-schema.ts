/**
 * Derives src/validate/schema/dashboard.schema.json from @grafana/schema's v1 dashboard type (Grafana's own published
 * types), so `validate` checks the builder's output against an independent source. Run: `npm run schema`.
 * Same inputs give a byte-identical file; test/validate/schema-derivation.test.ts proves the committed copy is fresh.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createGenerator } from 'ts-json-schema-generator';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonSchema = { [key: string]: Json };

const projectRoot = fileURLToPath(new URL('../', import.meta.url));

/** The package index.d.ts fails as an entry point; this generated file holds the plain v1 `Dashboard` type. */
export const DASHBOARD_TYPES = 'node_modules/@grafana/schema/dist/types/raw/dashboard/x/types.gen.d.ts';
export const SCHEMA_FILE = 'src/validate/schema/dashboard.schema.json';

/**
 * Properties the pinned @grafana/grafana-foundation-sdk (0.0.21) declares on its dashboard types and Grafana stores,
 * but @grafana/schema's v1 type omits. Without them every SDK-built dashboard fails on `additionalProperties: false`.
 * Each entry names the SDK declaration (dist/dashboard/types.gen.d.ts) it mirrors; nothing else is loosened.
 */
const SDK_EXTENSIONS: ReadonlyArray<{ definition: string; properties: JsonSchema; why: string }> = [
  {
    definition: 'VariableModel',
    why: 'SDK VariableModel: interval-variable fields and the query editor text',
    properties: {
      auto: { type: 'boolean' },
      auto_count: { type: 'number' },
      auto_min: { type: 'string' },
      definition: { type: 'string' },
    },
  },
  {
    definition: 'AnnotationQuery',
    why: 'SDK AnnotationQuery: the Prometheus annotation fields, and `target` typed as any data query (cog.Dataquery)',
    properties: {
      expr: { type: 'string' },
      mappings: { type: 'object', additionalProperties: { type: 'object' } },
      step: { type: 'string' },
      tagKeys: { type: 'string' },
      target: { type: 'object' },
      textFormat: { type: 'string' },
      titleFormat: { type: 'string' },
      useValueForTime: { type: 'boolean' },
    },
  },
  {
    definition: 'FieldConfig',
    why: 'SDK FieldConfig: fieldMinMax (per-field min/max)',
    properties: { fieldMinMax: { type: 'boolean' } },
  },
];

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: { [key: string]: Json } = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys(value[key]);
  return sorted;
}

/** The schema text: generator output, SDK extensions applied, keys sorted, 2-space indent, final newline. */
export function deriveDashboardSchema(root: string = projectRoot): string {
  const generated = createGenerator({
    path: `${root.replace(/\/$/, '')}/${DASHBOARD_TYPES}`,
    type: 'Dashboard',
    skipTypeCheck: true,
  }).createSchema('Dashboard') as unknown as JsonSchema;
  const definitions = generated.definitions as { [name: string]: JsonSchema };
  for (const extension of SDK_EXTENSIONS) {
    const definition = definitions[extension.definition];
    if (!definition) throw new Error(`@grafana/schema no longer defines ${extension.definition}; revisit SDK_EXTENSIONS`);
    const properties = definition.properties as JsonSchema;
    for (const [name, schema] of Object.entries(extension.properties)) {
      properties[name] = { ...(schema as JsonSchema), description: `Added for the foundation SDK: ${extension.why}.` };
    }
  }
  return `${JSON.stringify(sortKeys(generated), null, 2)}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(`${projectRoot}${SCHEMA_FILE}`, deriveDashboardSchema());
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}
