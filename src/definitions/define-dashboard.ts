import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { DashboardDefinition, JsonObject } from '../model/index.js';
import { templateDatasource, type DatasourceRef } from './datasource-ref.js';
import { definitionError } from './definition-error.js';
import { keyOfPanel } from './keyed-panel.js';

export interface DefineDashboardOptions {
  /** Definition file relative to the project root (`dashboards/checkout.ts`): named in every error. */
  readonly source: string;
  readonly folderUid: string;
  /** An SDK DashboardBuilder (or what it built). Panels must come from keyedPanel/keyedRow. */
  readonly dashboard: cog.Builder<dashboard.Dashboard> | dashboard.Dashboard;
  /**
   * Datasource set on every panel and target that has queries.
   * @default { type: 'prometheus', uid: '${datasource}' }
   */
  readonly datasource?: DatasourceRef;
  /**
   * `'as-is'`: keep what the builders built (imported dashboards): panel ids, refIds, datasource references and
   * legends stay as written, duplicate or missing ids are allowed, and nothing is assigned. Only the server-owned
   * `id`/`version`/`iteration` are still dropped. @default assign (the checks and assignments described above)
   */
  readonly keep?: 'as-is';
  /**
   * The dashboard's panels and rows in order, each built as it is (no layout: every gridPos is its own). Use with
   * `keep: 'as-is'`; the SDK's `withPanel`/`withRow` place panels on the grid themselves.
   */
  readonly panels?: readonly cog.Builder<AnyPanel>[];
}

/** Fields the server owns: Grafana assigns them on save, so carrying them would make every push and diff noisy. */
const SERVER_OWNED = ['id', 'version', 'iteration'] as const;

export type AnyPanel = dashboard.Panel | dashboard.RowPanel;

/**
 * Turn an SDK dashboard into a DashboardDefinition: checks every panel has a stable id from its key (and no two
 * collide), assigns refIds A, B, ... in query order, points every panel and query at the datasource variable, and
 * drops server-owned fields. Pure: the same input always gives the same JSON.
 */
export function defineDashboard(options: DefineDashboardOptions): DashboardDefinition {
  const built = isBuilder(options.dashboard) ? options.dashboard.build() : options.dashboard;
  if (options.panels !== undefined) built.panels = options.panels.map((panel) => panel.build()) as dashboard.Panel[];
  if (options.keep === 'as-is') return definitionOf(options, built);
  const title = built.title ?? '(untitled)';
  const where = [options.source, `dashboard "${title}"`];
  const datasource = options.datasource ?? templateDatasource('prometheus');

  const seen = new Map<number, AnyPanel>();
  for (const panel of allPanels(built.panels ?? [])) {
    const panelWhere = [...where, `${panel.type === 'row' ? 'row' : 'panel'} "${panel.title ?? '(untitled)'}"`];
    if (typeof panel.id !== 'number' || panel.id <= 0) {
      throw definitionError(panelWhere, 'has no stable id', 'Wrap its builder with keyedPanel(key, builder) (rows: keyedRow).');
    }
    const other = seen.get(panel.id);
    if (other) throw collisionError(where, other, panel);
    seen.set(panel.id, panel);
    if (panel.type !== 'row') assignQueries(panel as dashboard.Panel, datasource);
  }

  return definitionOf(options, built);
}

function definitionOf(options: DefineDashboardOptions, built: dashboard.Dashboard): DashboardDefinition {
  const json = JSON.parse(JSON.stringify(built)) as JsonObject;
  for (const field of SERVER_OWNED) delete json[field];
  return { source: options.source, folderUid: options.folderUid, dashboard: json };
}

function isBuilder<T>(value: cog.Builder<T> | T): value is cog.Builder<T> {
  return typeof (value as { build?: unknown }).build === 'function';
}

/** Top-level panels and the panels inside collapsed rows, in dashboard order. */
function* allPanels(panels: readonly AnyPanel[]): Generator<AnyPanel> {
  for (const panel of panels) {
    yield panel;
    if (panel.type === 'row') yield* ((panel as dashboard.RowPanel).panels ?? []) as AnyPanel[];
  }
}

function assignQueries(panel: dashboard.Panel, datasource: DatasourceRef): void {
  const targets = (panel.targets ?? []) as unknown as Array<Record<string, unknown>>;
  if (targets.length === 0) return;
  panel.datasource = { ...datasource };
  targets.forEach((target, index) => {
    target.refId = refIdFor(index);
    target.datasource = { ...datasource };
  });
}

/** A, B, ..., Z, AA, AB, ...: Grafana's own sequence, so the UI shows the letters users expect. */
export function refIdFor(index: number): string {
  let n = index;
  let id = '';
  do {
    id = String.fromCharCode(65 + (n % 26)) + id;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return id;
}

function collisionError(where: readonly string[], first: AnyPanel, second: AnyPanel) {
  const describe = (p: AnyPanel) => {
    const key = keyOfPanel(p);
    return `panel "${p.title ?? '(untitled)'}"${key === undefined ? '' : ` (key "${key}")`}`;
  };
  const sameKey = keyOfPanel(first) !== undefined && keyOfPanel(first) === keyOfPanel(second);
  return definitionError(
    where,
    `${describe(first)} and ${describe(second)} have the same panel id ${second.id}` +
      (sameKey ? ': the key is used twice' : ': their keys hash alike'),
    'Give one of the two panels a different key.',
  );
}
