import type { JsonObject } from '../model/index.js';
import { arrayAt, isObject } from './json.js';
import { where } from './where.js';

/** One panel of a dashboard, wherever it sits: at the top level or inside a collapsed row. */
export interface PanelEntry {
  readonly panel: JsonObject;
  /** JSON pointer of the panel in the dashboard, e.g. `/panels/3` or `/panels/2/panels/0`. */
  readonly pointer: string;
  /** Its `where` label (see where.ts). */
  readonly label: string;
  /** The collapsed row holding it, if any: collapsed rows keep their children in their own `panels`. */
  readonly row?: PanelEntry;
}


/** Every panel in display order; a row's children follow the row. */
export function walkPanels(dashboard: JsonObject): PanelEntry[] {
  const entries: PanelEntry[] = [];
  arrayAt(dashboard.panels).forEach((panel, i) => {
    if (!isObject(panel)) return;
    const entry: PanelEntry = { panel, pointer: `/panels/${i}`, label: where.panel(panel, i) };
    entries.push(entry);
    arrayAt(panel.panels).forEach((child, j) => {
      if (!isObject(child)) return;
      entries.push({ panel: child, pointer: `/panels/${i}/panels/${j}`, label: where.panel(child, j), row: entry });
    });
  });
  return entries;
}

/** The deepest panel whose pointer prefixes `instancePath` (an ajv error path), if any. */
export function panelAtPath(entries: readonly PanelEntry[], instancePath: string): PanelEntry | undefined {
  let best: PanelEntry | undefined;
  for (const entry of entries) {
    if (instancePath === entry.pointer || instancePath.startsWith(`${entry.pointer}/`)) {
      if (!best || entry.pointer.length > best.pointer.length) best = entry;
    }
  }
  return best;
}
