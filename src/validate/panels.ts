import type { DashboardDefinition, JsonObject, JsonValue } from '../model/index.js';
import { arrayAt, isObject, numberAt, objectAt, stringAt } from './json.js';
import { finding, place, type Finding } from './place.js';
import type { LintRuleId } from './rules-catalog.js';
import { walkPanels, type PanelEntry } from './walk-panels.js';

/** Grafana's dashboard grid is 24 columns wide. */
export const GRID_COLUMNS = 24;
/** Panel kinds that show no data: they need no description, unit or datasource. */
const NO_DATA_PANELS = new Set(['row', 'text']);
/** Grafana's server-side expressions may sit beside queries in a panel (grafana-http-api.md 6.1). */
const EXPRESSION_DATASOURCE = '__expr__';

/** Reports a finding on a panel, or on one of its queries. */
type AddFinding = (entry: PanelEntry, rule: LintRuleId, message: string, query?: { refId: string | undefined; index: number }) => void;

interface Box {
  readonly entry: PanelEntry;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/**
 * Panel rules: unique ids, gridPos inside the 24-column grid without overlaps, a title, a description and a unit,
 * and the datasource template variable on the panel and every query.
 */
export function checkPanels(definition: DashboardDefinition): Finding[] {
  const { source, dashboard } = definition;
  const base = place.dashboard(source, dashboard);
  const issues: Finding[] = [];
  const add: AddFinding = (entry, rule, message, query) => {
    const at = place.panel(base, entry);
    issues.push(finding(query ? place.query(at, query.refId, query.index) : at, rule, message));
  };
  const entries = walkPanels(dashboard);
  const datasourceVariables = datasourceVariableNames(dashboard);
  const idOwners = new Map<number, PanelEntry>();
  const layouts = new Map<PanelEntry | undefined, Box[]>();

  for (const entry of entries) {
    const { panel } = entry;
    const type = stringAt(panel.type);
    const id = panel.id;
    if (id === undefined || id === null) {
      add(entry, 'panel-id', 'has no id: give every panel a stable, non-negative integer id');
    } else if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) {
      add(entry, 'panel-id', `id ${JSON.stringify(id)} is not a non-negative integer`);
    } else if (idOwners.has(id)) {
      add(entry, 'panel-id-duplicate', `id ${id} is also used by ${idOwners.get(id)!.label}: panel ids must be unique`);
    } else {
      idOwners.set(id, entry);
    }

    const box = checkGridPos(entry, (rule, message) => add(entry, rule, message));
    if (box) {
      // Panels kept in a row's own list form their own layout: Grafana places them when the row expands.
      const layout = entry.row;
      const boxes = layouts.get(layout) ?? [];
      const other = boxes.find((b) => overlaps(b, box));
      if (other) {
        add(entry, 'gridpos-overlap', `gridPos ${describeBox(box)} overlaps ${other.entry.label} at ${describeBox(other)}`);
      }
      boxes.push(box);
      layouts.set(layout, boxes);
    }

    // A library panel's title, description, unit and queries live in the library, not in this dashboard.
    if (isObject(panel.libraryPanel)) continue;
    if (!stringAt(panel.title)?.trim()) add(entry, 'panel-title', 'has no title');
    if (type !== undefined && NO_DATA_PANELS.has(type)) continue;
    if (!stringAt(panel.description)?.trim()) {
      add(entry, 'panel-description', 'has no description: say what the panel shows and how to read it');
    }
    if (!stringAt(objectAt(objectAt(panel.fieldConfig)?.defaults)?.unit)?.trim()) {
      add(entry, 'panel-unit', 'has no unit: set fieldConfig.defaults.unit (use "none" for plain numbers)');
    }
    if (datasourceVariables.length > 0) checkDatasources(entry, datasourceVariables, add);
    checkRefIds(entry, add);
  }
  return issues;
}

function checkGridPos(entry: PanelEntry, add: (rule: LintRuleId, message: string) => void): Box | undefined {
  const gridPos = objectAt(entry.panel.gridPos);
  if (!gridPos) {
    add('gridpos-missing', 'has no gridPos');
    return undefined;
  }
  const [x, y, w, h] = (['x', 'y', 'w', 'h'] as const).map((k) => numberAt(gridPos[k]));
  const values = { x, y, w, h };
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || !Number.isInteger(value)) {
      add('gridpos-range', `gridPos.${key} must be an integer`);
      return undefined;
    }
  }
  const box = { entry, x: x!, y: y!, w: w!, h: h! };
  const problems: string[] = [];
  if (box.x < 0 || box.y < 0) problems.push('x and y must not be negative');
  if (box.w < 1 || box.h < 1) problems.push('w and h must be at least 1');
  if (box.x + box.w > GRID_COLUMNS) problems.push(`x + w = ${box.x + box.w} exceeds the ${GRID_COLUMNS}-column grid`);
  if (problems.length > 0) {
    add('gridpos-range', `gridPos ${describeBox(box)} is out of the grid: ${problems.join('; ')}`);
    return undefined;
  }
  return box;
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

function describeBox(box: Box): string {
  return `{x: ${box.x}, y: ${box.y}, w: ${box.w}, h: ${box.h}}`;
}

/** Names of the dashboard's `datasource`-type template variables. */
export function datasourceVariableNames(dashboard: JsonObject): string[] {
  return arrayAt(objectAt(dashboard.templating)?.list)
    .filter(isObject)
    .filter((v) => v.type === 'datasource' && typeof v.name === 'string')
    .map((v) => v.name as string);
}

/** `${name}` or `$name` for one of the datasource variables. */
function isVariableRef(ref: JsonValue | undefined, names: readonly string[]): boolean {
  const uid = stringAt(objectAt(ref)?.uid) ?? stringAt(ref);
  return uid !== undefined && names.some((n) => uid === `\${${n}}` || uid === `$${n}`);
}

function checkDatasources(entry: PanelEntry, names: readonly string[], add: AddFinding): void {
  const wanted = names.map((n) => `"\${${n}}"`).join(' or ');
  const targets = arrayAt(entry.panel.targets);
  if ((targets.length > 0 || entry.panel.datasource !== undefined) && !isVariableRef(entry.panel.datasource, names)) {
    add(entry, 'panel-datasource', `datasource must be the template variable (uid ${wanted}), not ${show(entry.panel.datasource)}`);
  }
  targets.forEach((target, i) => {
    if (!isObject(target)) return;
    const uid = stringAt(objectAt(target.datasource)?.uid);
    if (uid === EXPRESSION_DATASOURCE || isVariableRef(target.datasource, names)) return;
    add(entry, 'target-datasource', `datasource must be the template variable (uid ${wanted}), not ${show(target.datasource)}`, {
      refId: stringAt(target.refId),
      index: i,
    });
  });
}

/** Grafana keys query results by refId: each query needs its own. */
function checkRefIds(entry: PanelEntry, add: AddFinding): void {
  const seen = new Set<string>();
  arrayAt(entry.panel.targets).forEach((target, i) => {
    if (!isObject(target)) return;
    const refId = stringAt(target.refId);
    if (!refId) add(entry, 'query-refid', 'has no refId', { refId: undefined, index: i });
    else if (seen.has(refId)) add(entry, 'query-refid', `refId "${refId}" is used by another query of this panel`, { refId, index: i });
    else seen.add(refId);
  });
}

function show(ref: JsonValue | undefined): string {
  if (ref === undefined) return 'missing';
  const uid = stringAt(objectAt(ref)?.uid) ?? stringAt(ref);
  return uid === undefined ? JSON.stringify(ref) : `uid "${uid}"`;
}
