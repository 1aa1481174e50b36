import type { JsonValue } from '../../model/index.js';
import type { BuilderNode, Expr } from './expression.js';

const SDK = '@grafana/grafana-foundation-sdk';

/** Readable names for SDK modules whose folder name runs words together. */
const MODULE_NAMES: Readonly<Record<string, string>> = {
  timeseries: 'Timeseries', statetimeline: 'StateTimeline', statushistory: 'StatusHistory', bargauge: 'BarGauge',
  barchart: 'BarChart', piechart: 'PieChart', nodegraph: 'NodeGraph', annotationslist: 'AnnotationsList',
  dashboardlist: 'DashboardList', xychart: 'XYChart', googlecloudmonitoring: 'GoogleCloudMonitoring',
  grafanapyroscope: 'Pyroscope', azuremonitor: 'AzureMonitor', testdata: 'TestData', bigquery: 'BigQuery',
  cloudwatch: 'CloudWatch', elasticsearch: 'Elasticsearch', datagrid: 'DataGrid',
};

export function moduleTitle(module: string): string {
  return MODULE_NAMES[module] ?? module.charAt(0).toUpperCase() + module.slice(1);
}

/** What one generated file imports: SDK classes (aliased where names repeat), SDK namespaces, helpers, local factories. */
export class Imports {
  private readonly classes = new Map<string, Map<string, string>>();
  private readonly aliases = new Set<string>();
  private readonly namespaces = new Map<string, 'value' | 'type'>();
  private readonly helpers = new Set<string>();
  private readonly helperTypes = new Set<string>();
  private readonly locals = new Map<string, Set<string>>();

  /**
   * @param definitionsImport the helpers' module: a package specifier (`k2-grafana/definitions`), or a path from the
   *   project root starting with `/` (`/src/definitions/entry.ts`, inside k2-grafana itself), imported relatively
   * @param file the file being written, relative to the project root
   */
  constructor(private readonly definitionsImport: string, private readonly file: string) {}

  sdkClass(module: string, className: string): string {
    const known = this.classes.get(module)?.get(className);
    if (known) return known;
    let alias = className === 'PanelBuilder' && module !== 'dashboard' ? `${moduleTitle(module)}Builder`
      : className === 'DataqueryBuilder' ? `${moduleTitle(module)}QueryBuilder` : className;
    if (this.aliases.has(alias)) alias = `${moduleTitle(module)}${className}`;
    this.aliases.add(alias);
    if (!this.classes.has(module)) this.classes.set(module, new Map());
    this.classes.get(module)!.set(className, alias);
    return alias;
  }

  namespace(module: string, use: 'value' | 'type'): string {
    if (this.namespaces.get(module) !== 'value') this.namespaces.set(module, use);
    return module;
  }

  helper(name: string): string {
    this.helpers.add(name);
    return name;
  }

  helperType(name: string): string {
    this.helperTypes.add(name);
    return name;
  }

  local(file: string, name: string): string {
    if (!this.locals.has(file)) this.locals.set(file, new Set());
    this.locals.get(file)!.add(name);
    return name;
  }

  /** The import lines, sorted so the same file always reads the same. */
  print(): string {
    const lines: string[] = [];
    for (const module of [...this.classes.keys()].sort()) {
      const names = [...this.classes.get(module)!.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([cls, alias]) => (cls === alias ? cls : `${cls} as ${alias}`));
      lines.push(`import { ${names.join(', ')} } from '${SDK}/${module}';`);
    }
    for (const [module, use] of [...this.namespaces.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      if (this.classes.has(module)) {
        lines.push(`import ${use === 'type' ? 'type ' : ''}* as ${module} from '${SDK}/${module}';`);
      } else lines.push(`import ${use === 'type' ? 'type ' : ''}* as ${module} from '${SDK}/${module}';`);
    }
    const helpers = [...[...this.helpers].sort(), ...[...this.helperTypes].sort().map((t) => `type ${t}`)];
    const from = this.definitionsImport.startsWith('/') ? relativeImport(this.file, this.definitionsImport.slice(1)) : this.definitionsImport;
    if (helpers.length > 0) lines.push(`import { ${helpers.join(', ')} } from '${from}';`);
    for (const file of [...this.locals.keys()].sort()) lines.push(`import { ${[...this.locals.get(file)!].sort().join(', ')} } from '${file}';`);
    return lines.join('\n');
  }
}

/** TypeScript for an expression; `from` is the file it is printed into (for local imports). */
export function printExpr(expr: Expr, imports: Imports, from: string): string {
  switch (expr.k) {
    case 'lit':
      return json(expr.value);
    case 'enum': {
      const [module, name] = expr.type.split('.') as [string, string];
      return `${imports.namespace(module, 'value')}.${name}.${expr.member}`;
    }
    case 'obj':
      return `{ ${expr.entries.map(([key, value]) => `${json(key)}: ${printExpr(value, imports, from)}`).join(', ')} }`;
    case 'arr':
      return `[${expr.items.map((item) => printExpr(item, imports, from)).join(', ')}]`;
    case 'node':
      return printNode(expr.node, imports, from);
    case 'ref':
      return `${imports.local(relativeImport(from, expr.file), expr.name)}()`;
  }
}

export function printNode(node: BuilderNode, imports: Imports, from: string): string {
  if (!node.builder) {
    const [module, name] = node.rawType!.split('.') as [string, string];
    return `${imports.helper('raw')}<${imports.namespace(module, 'type')}.${name}>(${json(node.raw!.set)})`;
  }
  const cls = imports.sdkClass(node.builder.module, node.builder.className);
  const ctor = node.ctorArg !== undefined ? json(node.ctorArg) : '';
  const built = `new ${cls}(${ctor})${node.calls.map((c) => `\n.${c.method}(${c.args.map((a) => printExpr(a, imports, from)).join(', ')})`).join('')}`;
  const chain = node.wrap ? `${imports.helper(node.wrap)}(${built})` : built;
  if (!node.raw) return chain;
  const drop = node.raw.drop.length > 0 ? `, { drop: ${json(node.raw.drop)} }` : '';
  return `${imports.helper('withRaw')}(${chain}, ${json(node.raw.set)}${drop})`;
}

/**
 * JSON as a TypeScript literal. `__proto__` as a plain key would set the object's prototype instead of a field, so
 * it is written computed.
 */
export function json(value: JsonValue): string {
  const text = JSON.stringify(value);
  return text.replace(/"__proto__":/g, '["__proto__"]:');
}

/** `./panels/x.js` from `dir/index.ts` to `dir/panels/x.ts`: both relative to the dashboard's folder. */
export function relativeImport(from: string, to: string): string {
  const fromParts = from.split('/').slice(0, -1);
  const toParts = to.split('/');
  let common = 0;
  while (common < fromParts.length && common < toParts.length - 1 && fromParts[common] === toParts[common]) common += 1;
  const up = fromParts.length - common;
  const rest = toParts.slice(common).join('/').replace(/\.ts$/, '.js');
  return up === 0 ? `./${rest}` : `${'../'.repeat(up)}${rest}`;
}

/** A doc comment's text, never closing the comment early. */
export function comment(text: string): string {
  return text.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ').trim();
}
