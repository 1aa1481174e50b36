import type { JsonObject, JsonValue } from '../../model/index.js';
import type { RawPart } from '../import-result.js';
import { comment, Imports, printExpr } from './code.js';
import { express, finish, isObject, rawNode, rawPartsOf, type BuilderNode, type Call, type Expr, type ExpressContext } from './expression.js';
import { camelName, kebabName, UniqueNames } from '../names.js';
import { SdkCatalog } from './sdk-catalog.js';

/** More panels than this, and each panel gets a file of its own under panels/ (as hand-written dashboards do). */
export const PANELS_PER_FILE_LIMIT = 6;

/** Top-level fields Grafana owns; defineDashboard drops them, so the comparison leaves them out too. */
export const SERVER_OWNED = ['id', 'version', 'iteration'] as const;

const VARIABLE_BUILDERS: Readonly<Record<string, string>> = {
  query: 'QueryVariableBuilder', custom: 'CustomVariableBuilder', textbox: 'TextBoxVariableBuilder', constant: 'ConstantVariableBuilder',
  datasource: 'DatasourceVariableBuilder', interval: 'IntervalVariableBuilder', adhoc: 'AdHocVariableBuilder',
};

export interface DashboardModuleOptions {
  /** The dashboard's folder, relative to the project root: `grafana/imported/checkout`. */
  readonly dir: string;
  /** The definitions helpers' module: `k2-grafana/definitions`, or `/src/definitions/entry.ts` (from the root) inside k2-grafana itself. */
  readonly definitionsImport: string;
  readonly folderUid: string;
  /** Where it came from, for the module's comment. */
  readonly origin: string;
}

export interface DashboardModule {
  /** Path (relative to the project root) -> unformatted TypeScript. */
  readonly files: ReadonlyMap<string, string>;
  /** The index module and the DashboardDefinition it exports. */
  readonly indexFile: string;
  readonly exportName: string;
  readonly panels: number;
  readonly raw: readonly RawPart[];
}

interface PanelFactory {
  readonly name: string;
  readonly file: string;
  readonly title: string;
  readonly node: BuilderNode;
}

/** Turns one dashboard's JSON into its module files: index (table of contents), panels, variables, annotations. */
export function dashboardModule(dashboard: JsonObject, options: DashboardModuleOptions): DashboardModule {
  const catalog = SdkCatalog.load();
  const dir = options.dir;
  const panels = Array.isArray(dashboard.panels) ? dashboard.panels : undefined;
  // Legacy dashboards hold their panels in rows[] (kept there as they are, unless --grid converts them).
  const legacyPanels = Array.isArray(dashboard.rows) ? dashboard.rows.flatMap((r) => (isObject(r) && Array.isArray(r.panels) ? r.panels : [])) : [];
  const allPanels = [...legacyPanels, ...(panels ?? [])].flatMap((p) => (isObject(p) && p.type === 'row' && Array.isArray(p.panels) ? [p, ...p.panels] : [p])).filter((p) => isObject(p) && p.type !== 'row');
  const separateFiles = allPanels.length > PANELS_PER_FILE_LIMIT;
  const names = new UniqueNames();
  const fileNames = new UniqueNames();
  const factories: PanelFactory[] = [];
  const ctx = (panelDatasourceType?: string): ExpressContext => ({ catalog, ...(panelDatasourceType ? { panelDatasourceType } : {}) });

  const panelExpr = (panel: JsonValue, at: string): Expr => {
    if (!isObject(panel)) return { k: 'lit', value: panel };
    const type = typeof panel.type === 'string' ? panel.type : '';
    const title = typeof panel.title === 'string' ? panel.title : '';
    const node = panelNode(panel, at, ctx(datasourceType(panel.datasource)));
    const base = camelName(title, `${camelName(type, 'panel')}${typeof panel.id === 'number' ? panel.id : ''}`);
    const name = names.take(`${base}Panel`);
    const file = separateFiles ? `${dir}/panels/${fileNames.take(kebabName(title, kebabName(`${type} ${panel.id ?? ''}`, 'panel')))}.ts` : `${dir}/panels.ts`;
    factories.push({ name, file, title: title || `(untitled ${type} panel ${String(panel.id ?? '')})`, node });
    return { k: 'ref', name, file, inner: { k: 'node', node } };
  };

  const rowExpr = (row: JsonObject, at: string): Expr => {
    const builder = catalog.builder('dashboard', 'RowBuilder')!;
    const node = express(row, builder, at, ctx(), ['panels']);
    const nested = Array.isArray(row.panels) ? row.panels : [];
    nested.forEach((p, i) => node.calls.push({ method: 'withPanel', args: [panelExpr(p, `${at}.panels[${i}]`)] }));
    // withPanel marks the row collapsed: its own collapsed value goes after.
    const collapsed = node.calls.findIndex((c) => c.method === 'collapsed');
    if (collapsed >= 0 && nested.length > 0) node.calls.push(...node.calls.splice(collapsed, 1));
    finish(node, row);
    return { k: 'node', node };
  };

  const panelExprs = (panels ?? []).map((p, i) => (isObject(p) && p.type === 'row' ? rowExpr(p, `panels[${i}]`) : panelExpr(p, `panels[${i}]`)));
  const shared = hoistSharedFieldConfig(factories, `${dir}/field-config.ts`, options.definitionsImport);

  const variables: Expr[] = [];
  const annotations: Expr[] = [];
  const dashCtx: ExpressContext = {
    catalog,
    lists: {
      'dashboard.VariableModel': (items) => {
        items.forEach((v, i) => variables.push({ k: 'node', node: variableNode(v, `templating.list[${i}]`, catalog) }));
        return { k: 'ref', name: 'dashboardVariables', file: `${dir}/variables.ts`, inner: { k: 'arr', items: variables } };
      },
      'dashboard.AnnotationQuery': (items) => {
        items.forEach((a, i) => annotations.push({ k: 'node', node: annotationNode(a, `annotations.list[${i}]`, catalog) }));
        return { k: 'ref', name: 'dashboardAnnotations', file: `${dir}/annotations.ts`, inner: { k: 'arr', items: annotations } };
      },
    },
  };
  const comparable: JsonObject = { ...dashboard };
  for (const field of SERVER_OWNED) delete comparable[field];
  const dashNode = express(comparable, catalog.builder('dashboard', 'DashboardBuilder')!, 'dashboard', dashCtx, ['panels']);
  finish(dashNode, comparable, [...SERVER_OWNED, ...(panels ? ['panels'] : [])]);
  const dashExpr: Expr = { k: 'node', node: dashNode };

  const title = typeof dashboard.title === 'string' ? dashboard.title : '';
  const uid = typeof dashboard.uid === 'string' ? dashboard.uid : '';
  // From the folder's name, which the importer keeps unique among the imported dashboards: so is the export the index imports.
  const exportName = `${camelName(dir.split('/').pop() ?? '', camelName(title, 'imported'))}Dashboard`;
  const indexFile = `${dir}/index.ts`;
  const files = new Map<string, string>();

  // index.ts: the table of contents.
  {
    const imports = new Imports(options.definitionsImport, indexFile);
    const define = imports.helper('defineDashboard');
    imports.helperType('DashboardDefinition');
    const dash = printExpr(dashExpr, imports, indexFile);
    const panelList = panels ? `\n    panels: [${panelExprs.map((e) => `\n${printExpr(e, imports, indexFile)}`).join(',')}],` : '';
    files.set(indexFile, [
      imports.print(),
      '',
      `export const source = ${JSON.stringify(indexFile)};`,
      '',
      `/** ${comment(`${title || uid} (uid ${uid}), imported from ${options.origin}. Kept as it is (keep: 'as-is'): ids, refIds, datasources and legends are the original's.`)} */`,
      `export const ${exportName}: DashboardDefinition = ${define}({`,
      `    source,`,
      `    folderUid: ${JSON.stringify(options.folderUid)},`,
      `    keep: 'as-is',`,
      `    dashboard: ${dash},${panelList}`,
      '});',
      '',
    ].join('\n'));
  }

  for (const [file, name, items, what] of [
    [`${dir}/variables.ts`, 'dashboardVariables', variables, 'The template variables, in the order the dashboard shows them.'],
    [`${dir}/annotations.ts`, 'dashboardAnnotations', annotations, 'The annotation queries, the built-in one included.'],
  ] as const) {
    if (!dashNode.calls.some((c) => c.args.some((a) => a.k === 'ref' && a.name === name))) continue;
    const imports = new Imports(options.definitionsImport, file);
    const body = items.map((e) => printExpr(e, imports, file)).join(',\n');
    files.set(file, `${imports.print()}\n\n/** ${what} */\nexport function ${name}() {\n  return [${body}];\n}\n`);
  }

  if (shared) files.set(`${dir}/field-config.ts`, shared);

  const byFile = new Map<string, PanelFactory[]>();
  for (const factory of factories) byFile.set(factory.file, [...(byFile.get(factory.file) ?? []), factory]);
  for (const [file, list] of byFile) {
    const imports = new Imports(options.definitionsImport, file);
    const bodies = list.map((f) => `/** ${comment(f.title)} */\nexport function ${f.name}() {\n  return ${printExpr({ k: 'node', node: f.node }, imports, file)};\n}\n`);
    files.set(file, `${imports.print()}\n\n${bodies.join('\n')}`);
  }

  const rawParts = [...rawPartsOf(dashExpr), ...panelExprs.flatMap(rawPartsOf)];
  return {
    files,
    indexFile,
    exportName,
    panels: allPanels.length,
    raw: dedupe(rawParts),
  };
}

/** Field config methods whose argument, repeated across panels, is written once in field-config.ts. */
const SHARED_METHODS: Readonly<Record<string, string>> = {
  thresholds: 'Thresholds', mappings: 'Mappings', colorScheme: 'Colors', legend: 'Legend', tooltip: 'Tooltip',
};

/**
 * Field config several panels repeat (the same thresholds, value mappings, colours, legend or tooltip)
 * becomes one factory in field-config.ts that each of them calls, as a hand-written dashboard would share it. The
 * panels' calls then refer to it; what they build is the same. Returns the file's text, or undefined when nothing
 * repeats.
 */
function hoistSharedFieldConfig(factories: readonly PanelFactory[], file: string, definitionsImport: string): string | undefined {
  const seen = new Map<string, { method: string; expr: Expr; uses: { node: BuilderNode; index: number }[] }>();
  for (const { node } of factories) {
    node.calls.forEach((call, index) => {
      if (!(call.method in SHARED_METHODS) || call.args.length !== 1) return;
      const arg = call.args[0]!;
      // A builder carries its type; a literal only where we can name it (mappings): others stay in place.
      if (arg.k !== 'node' && call.method !== 'mappings') return;
      const printed = printExpr(arg, new Imports(definitionsImport, file), file);
      // Short ones (`[]`, one call) read better where they are.
      if (printed.length < 60) return;
      const key = `${call.method}\u0000${printed}`;
      const entry = seen.get(key) ?? { method: call.method, expr: arg, uses: [] };
      entry.uses.push({ node, index });
      seen.set(key, entry);
    });
  }
  const repeated = [...seen.values()].filter((e) => e.uses.length >= 2);
  if (repeated.length === 0) return undefined;
  const names = new UniqueNames();
  const imports = new Imports(definitionsImport, file);
  const bodies: string[] = [];
  for (const entry of repeated) {
    const name = names.take(`shared${SHARED_METHODS[entry.method]}`);
    // A literal needs its type written: inferred on its own, an enum member would widen to the whole enum.
    const type = entry.expr.k === 'node' ? '' : `: ${imports.namespace('dashboard', 'type')}.ValueMapping[]`;
    bodies.push(`/** Used by ${entry.uses.length} panels. */\nexport function ${name}()${type} {\n  return ${printExpr(entry.expr, imports, file)};\n}\n`);
    for (const use of entry.uses) (use.node.calls as Call[])[use.index] = { method: entry.method, args: [{ k: 'ref', name, file, inner: entry.expr }] };
  }
  return `${imports.print()}\n\n${bodies.join('\n')}`;
}

function panelNode(panel: JsonObject, at: string, ctx: ExpressContext): BuilderNode {
  const type = typeof panel.type === 'string' ? panel.type : '';
  // A library panel's place holder: a builder would add its defaults to the few fields Grafana keeps here.
  if (isObject(panel.libraryPanel) && panel.targets === undefined && panel.options === undefined) {
    return rawNode(panel, 'dashboard.Panel', at, 'a library panel reference: Grafana draws the library panel\'s model in its place');
  }
  const module = ctx.catalog.panelModules.get(type);
  if (module) {
    const node = express(panel, ctx.catalog.builder(module, 'PanelBuilder')!, at, ctx, ['type']);
    if (savedByGrafana(panel)) node.wrap = 'savedPanel';
    finish(node, panel);
    return node;
  }
  const node = express(panel, ctx.catalog.builder('dashboard', 'PanelBuilder')!, at, ctx);
  if (savedByGrafana(panel)) node.wrap = 'savedPanel';
  // The generic builder's `options(any)` / `custom(any)` are no typed builder: what they would hold stays raw, said why.
  const reason = type ? `panel type "${type}" has no SDK builder` : 'the panel has no type';
  for (const key of [...node.reasons.keys()]) node.reasons.set(key, reason);
  node.reasons.set('options', reason);
  node.reasons.set('fieldConfig', reason);
  finish(node, panel, [], reason);
  return node;
}

/**
 * A panel as Grafana saves it (no `transparent: false`, no `repeatDirection` without `repeat`): savedPanel() then
 * leaves out the builder's two defaults the original does not have, and removes nothing the original has.
 */
function savedByGrafana(panel: JsonObject): boolean {
  const removesNothing = panel.transparent !== false && !(panel.repeatDirection !== undefined && (panel.repeat === undefined || panel.repeat === ''));
  return removesNothing && (panel.transparent === undefined || panel.repeatDirection === undefined);
}

function variableNode(variable: JsonValue, at: string, catalog: SdkCatalog): BuilderNode {
  if (!isObject(variable)) return rawNode({ value: variable } as JsonObject, 'dashboard.VariableModel', at, 'not an object');
  const type = typeof variable.type === 'string' ? variable.type : '';
  const className = VARIABLE_BUILDERS[type];
  if (!className) return rawNode(variable, 'dashboard.VariableModel', at, `the SDK has no builder for variables of type "${type}"`);
  const node = express(variable, catalog.builder('dashboard', className)!, at, { catalog, ...(datasourceType(variable.datasource) ? { panelDatasourceType: datasourceType(variable.datasource)! } : {}) }, ['type']);
  finish(node, variable);
  return node;
}

function annotationNode(annotation: JsonValue, at: string, catalog: SdkCatalog): BuilderNode {
  if (!isObject(annotation)) return rawNode({ value: annotation } as JsonObject, 'dashboard.AnnotationQuery', at, 'not an object');
  const type = datasourceType(annotation.datasource);
  const node = express(annotation, catalog.builder('dashboard', 'AnnotationQueryBuilder')!, at, { catalog, ...(type ? { panelDatasourceType: type } : {}) });
  finish(node, annotation);
  return node;
}

function datasourceType(value: JsonValue | undefined): string | undefined {
  return isObject(value) && typeof value.type === 'string' ? value.type : undefined;
}

function dedupe(parts: RawPart[]): RawPart[] {
  const seen = new Set<string>();
  return parts.filter((p) => (seen.has(p.path) ? false : (seen.add(p.path), true)));
}
