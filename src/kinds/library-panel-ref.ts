import type { JsonObject } from '../model/index.js';
import { isJsonObject } from '../normalise/json.js';

// How a dashboard refers to a library panel (src/kinds/library-panel.ts): apart, so the dashboard kind can read
// references without importing the library panel kind (which reads dashboards for its connections).

/** The panel a dashboard holds in place of a library panel's model: Grafana draws the model there. */
export function libraryPanelRef(panel: { readonly uid: string; readonly name: string; readonly model: JsonObject }, id: number, gridPos: JsonObject): JsonObject {
  return { id, gridPos, libraryPanel: { uid: panel.uid, name: panel.name }, title: String(panel.model.title ?? panel.name), type: String(panel.model.type ?? '') };
}


/** Library panels a dashboard uses by reference (`libraryPanel.uid`), at the top level or inside collapsed rows. */
export function libraryPanelRefs(model: JsonObject): { uid: string; name: string }[] {
  const out: { uid: string; name: string }[] = [];
  const visit = (panels: unknown) => {
    for (const panel of Array.isArray(panels) ? panels : []) {
      if (!isJsonObject(panel)) continue;
      if (isJsonObject(panel.libraryPanel)) out.push({ uid: String(panel.libraryPanel.uid ?? ''), name: String(panel.libraryPanel.name ?? '') });
      visit(panel.panels);
    }
  };
  visit(model.panels);
  return out;
}


/**
 * Turns one panel of a defined dashboard into a library panel used by reference: the panel as defined (ids, refIds and
 * datasources already assigned), without its `id` and `gridPos`, becomes the library panel's model, and the dashboard
 * keeps `{id, gridPos, libraryPanel: {uid, name}}` in its place. Throws when the dashboard has no panel with that id.
 */
export function toLibraryPanel<D extends { readonly source: string; readonly dashboard: JsonObject }>(
  definition: D,
  panelId: number,
  library: { readonly uid: string; readonly name: string; readonly folderUid: string },
): { readonly dashboard: D; readonly libraryPanel: { readonly source: string; readonly libraryPanel: { uid: string; name: string; folderUid: string; model: JsonObject } } } {
  let model: JsonObject | undefined;
  const swap = (panels: unknown): unknown => (Array.isArray(panels) ? panels.map((panel) => {
    if (!isJsonObject(panel)) return panel;
    if (panel.id === panelId && !model) {
      const { id: _id, gridPos, ...rest } = panel;
      model = rest;
      return libraryPanelRef({ ...library, model }, panelId, isJsonObject(gridPos) ? gridPos : {});
    }
    return Array.isArray(panel.panels) ? { ...panel, panels: swap(panel.panels) } : panel;
  }) : panels);
  const panels = swap(definition.dashboard.panels) as JsonObject[];
  if (!model) throw new RangeError(`${definition.source}: no panel with id ${panelId} to turn into library panel "${library.name}"`);
  return {
    dashboard: { ...definition, dashboard: { ...definition.dashboard, panels } },
    libraryPanel: { source: definition.source, libraryPanel: { ...library, model } },
  };
}
