import type { ErrorObject, ValidateFunction } from 'ajv';
import type { DashboardDefinition, JsonObject } from '../model/index.js';
import { isObject } from './json.js';
import { finding, place, type Finding, type Place } from './place.js';
import dashboardSchema from './schema/dashboard.schema.json' with { type: 'json' };
import * as compiled from './schema/dashboard-validators.js';
import { panelAtPath, walkPanels, type PanelEntry } from './walk-panels.js';
import { where } from './where.js';

interface Validators {
  readonly dashboard: ValidateFunction;
  readonly panel: ValidateFunction;
  readonly row: ValidateFunction;
  /** A definition's text -> its name, to name the type a value failed to match (`parentSchema` of an anyOf error). */
  readonly definitionNames: ReadonlyMap<string, string>;
}

let definitionNames: Map<string, string> | undefined;

/**
 * The validators are generated code (ajv standalone, `npm run schema`), so nothing is compiled at start: `check`
 * runs on every commit and compiling the schema was most of its time. Definition names are built on first need.
 */
function getValidators(): Validators {
  const names = (): Map<string, string> =>
    (definitionNames ??= new Map(Object.entries(dashboardSchema.definitions).map(([name, definition]) => [JSON.stringify(definition), name])));
  return {
    dashboard: compiled.dashboard as ValidateFunction,
    panel: compiled.panel as ValidateFunction,
    row: compiled.row as ValidateFunction,
    get definitionNames() {
      return names();
    },
  };
}

/** A schema violation with its JSON pointer in the whole dashboard, e.g. `/panels/3/gridPos/w`. */
export interface SchemaViolation {
  readonly instancePath: string;
  readonly message: string;
}

/**
 * Validates a dashboard against the JSON Schema derived from @grafana/schema. Panels are checked one by one against
 * `Panel` or `RowPanel` (by their `type`), so each violation belongs to exactly one panel instead of to both branches
 * of the schema's `anyOf`.
 */
export function dashboardSchemaViolations(dashboard: JsonObject): SchemaViolation[] {
  const { dashboard: validateDashboard, panel: validatePanel, row: validateRow, definitionNames } = getValidators();
  const violations: SchemaViolation[] = [];
  const run = (validate: ValidateFunction, value: unknown, prefix: string): void => {
    if (validate(value)) return;
    for (const error of collapseAnyOf(validate.errors ?? [])) {
      violations.push({ instancePath: `${prefix}${error.instancePath}`, message: describe(error, definitionNames) });
    }
  };
  // Panels are validated one by one below; a non-array `panels` stays in place so the schema reports it.
  run(validateDashboard, Array.isArray(dashboard.panels) ? { ...dashboard, panels: [] } : dashboard, '');
  if (Array.isArray(dashboard.panels)) {
    dashboard.panels.forEach((panel, i) => {
      run(isObject(panel) && panel.type === 'row' ? validateRow : validatePanel, panel, `/panels/${i}`);
    });
  }
  return dedupe(violations);
}

/** An `anyOf` mismatch also reports every branch's own errors below it; keep only the summary. */
function collapseAnyOf(errors: readonly ErrorObject[]): ErrorObject[] {
  const anyOfPaths = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath);
  return errors.filter(
    (e) => e.keyword === 'anyOf' || !anyOfPaths.some((p) => e.instancePath === p || e.instancePath.startsWith(`${p}/`)),
  );
}

function describe(error: ErrorObject, definitionNames: ReadonlyMap<string, string>): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown property "${String(params.additionalProperty)}"`;
    case 'required':
      return `missing required property "${String(params.missingProperty)}"`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'anyOf': {
      const definition = definitionNames.get(JSON.stringify(error.parentSchema));
      return definition ? `matches none of the shapes ${definition} allows` : 'matches none of the allowed shapes';
    }
    default:
      return error.message ?? error.keyword;
  }
}

function dedupe(violations: readonly SchemaViolation[]): SchemaViolation[] {
  const seen = new Set<string>();
  return violations.filter((v) => {
    const key = `${v.instancePath}\u0000${v.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `/panels/3/gridPos/w` under panel `/panels/3` -> `gridPos.w`. */
function relativePath(instancePath: string, base: string): string {
  return instancePath.slice(base.length).split('/').filter(Boolean).join('.');
}

/** Schema rule: every violation as an Issue under the panel, variable or annotation it sits in. */
export function checkDashboardSchema(definition: DashboardDefinition): Finding[] {
  const { dashboard, source } = definition;
  const base = place.dashboard(source, dashboard);
  const panels = walkPanels(dashboard);
  return dashboardSchemaViolations(dashboard).map((violation) => {
    const { at, pointer } = locate(base, dashboard, panels, violation.instancePath);
    const path = relativePath(violation.instancePath, pointer);
    return finding(at, 'schema', `does not match Grafana's dashboard schema: ${path ? `${path} ` : ''}${violation.message}`);
  });
}

function locate(
  base: Place,
  dashboard: JsonObject,
  panels: readonly PanelEntry[],
  instancePath: string,
): { at: Place; pointer: string } {
  const panel = panelAtPath(panels, instancePath);
  if (panel) return { at: place.panel(base, panel), pointer: panel.pointer };
  const list = /^\/(templating|annotations)\/list\/(\d+)/.exec(instancePath);
  if (list) {
    const kind = list[1];
    const index = Number(list[2]);
    const container = dashboard[kind as 'templating' | 'annotations'];
    const item = isObject(container) && Array.isArray(container.list) ? container.list[index] : undefined;
    const name = isObject(item) && typeof item.name === 'string' ? item.name : undefined;
    return {
      at: place.within(base, kind === 'templating' ? where.variable(name, index) : where.annotation(name, index)),
      pointer: list[0],
    };
  }
  return { at: base, pointer: '' };
}
