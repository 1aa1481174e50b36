/**
 * Every PromQL expression in the generated artifacts under provisioning/: dashboard panel targets, Prometheus
 * annotation queries, and the Prometheus queries of Grafana alert rules, each with where it came from.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse } from 'yaml';

export interface ProvisionedQuery {
  readonly where: string;
  readonly expr: string;
  /** Dashboard template variables the expression may use: name -> label it selects (from label_values). */
  readonly variables: Readonly<Record<string, string | undefined>>;
}

type Json = Record<string, any>;

async function files(dir: string, suffixes: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await files(path, suffixes)));
    else if (suffixes.some((s) => entry.name.endsWith(s))) found.push(path);
  }
  return found.sort();
}

function* panels(list: Json[] = []): Generator<Json> {
  for (const panel of list) {
    yield panel;
    yield* panels(panel.panels);
  }
}

export async function provisionedQueries(root: string): Promise<ProvisionedQuery[]> {
  const queries: ProvisionedQuery[] = [];
  // Library panels (provisioning/library-panels/): drawn in place of the dashboard panels that refer to them.
  const library = new Map<string, Json>();
  for (const file of await files(join(root, 'provisioning', 'library-panels'), ['.json'])) {
    const element = JSON.parse(await readFile(file, 'utf8')) as Json;
    library.set(element.uid, element.model);
  }
  for (const file of await files(join(root, 'provisioning', 'dashboards'), ['.json'])) {
    const dashboard = JSON.parse(await readFile(file, 'utf8')) as Json;
    const name = relative(root, file);
    const variables: Record<string, string | undefined> = {};
    for (const v of dashboard.templating?.list ?? []) {
      const match = /label_values\((?:.*,)?\s*(\w+)\s*\)\s*$/.exec(String(v.query ?? v.definition ?? ''));
      variables[v.name] = match?.[1];
    }
    for (const placed of panels(dashboard.panels)) {
      const panel = placed.libraryPanel ? library.get(placed.libraryPanel.uid) ?? placed : placed;
      for (const target of panel.targets ?? []) {
        if (typeof target.expr === 'string' && target.expr.trim()) {
          queries.push({ where: `${name} > panel "${panel.title}" > query ${target.refId}`, expr: target.expr, variables });
        }
      }
    }
    for (const annotation of dashboard.annotations?.list ?? []) {
      const expr = annotation.target?.expr ?? annotation.expr;
      if (annotation.datasource?.type === 'prometheus' && typeof expr === 'string') {
        queries.push({ where: `${name} > annotation "${annotation.name}"`, expr, variables });
      }
    }
  }
  for (const file of await files(join(root, 'provisioning', 'alerting'), ['.yaml', '.yml'])) {
    const doc = parse(await readFile(file, 'utf8')) as Json;
    for (const group of doc?.groups ?? []) {
      for (const rule of group.rules ?? []) {
        for (const query of rule.data ?? []) {
          if (query.datasourceUid !== '__expr__' && typeof query.model?.expr === 'string') {
            queries.push({ where: `${relative(root, file)} > rule "${rule.title}" > query ${query.refId}`, expr: query.model.expr, variables: {} });
          }
        }
      }
    }
  }
  return queries;
}

/** Grafana's built-in interval variables, with values that suit a Prometheus scraping every second. */
const builtins: Record<string, string> = {
  __rate_interval: '1m',
  __interval: '15s',
  __range: '5m',
  __range_s: '300',
  __range_ms: '300000',
  __interval_ms: '15000',
};

/** Replace `$var`, `${var}`, `${var:fmt}` and `[[var]]` with the given values (built-ins included). */
export function substituteVariables(expr: string, values: Readonly<Record<string, string>>): string {
  const all = { ...builtins, ...values };
  return expr.replace(/\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]|\$(\w+)/g, (whole, a?: string, b?: string, c?: string) => {
    const name = (a ?? b ?? c)!;
    return all[name] ?? whole;
  });
}
