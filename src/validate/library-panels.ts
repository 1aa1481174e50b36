import { libraryPanelRefs, type LibraryPanelDefinition } from '../kinds/index.js';
import type { DashboardDefinition, JsonObject, JsonValue, ProjectDefinition } from '../model/index.js';
import { isObject } from './json.js';
import { finding, place, type Finding } from './place.js';

/** The library panels a project may name: its own (with their models) and the external ones (name only). */
function known(project: ProjectDefinition): Map<string, { name: string; model?: JsonObject }> {
  const out = new Map<string, { name: string; model?: JsonObject }>();
  for (const entry of (project.libraryPanels ?? []) as readonly LibraryPanelDefinition[]) {
    if (entry.libraryPanel) out.set(entry.libraryPanel.uid, { name: entry.libraryPanel.name, model: entry.libraryPanel.model });
    else if (entry.external) out.set(entry.external.uid, { name: entry.external.name });
  }
  return out;
}

/**
 * `library-panel-ref`: every `libraryPanel` reference in a dashboard names, by uid and name, a library panel the
 * project defines or declares external (Grafana draws nothing for an unknown one; an imported dashboard keeps its references by declaring them external).
 */
export function checkLibraryPanelRefs(project: ProjectDefinition): Finding[] {
  const panels = known(project);
  const issues: Finding[] = [];
  for (const definition of project.dashboards ?? []) {
    const at = place.dashboard(definition.source, definition.dashboard);
    for (const ref of libraryPanelRefs(definition.dashboard)) {
      const found = panels.get(ref.uid);
      if (!found) {
        issues.push(finding(at, 'library-panel-ref', `uses library panel "${ref.name}" (uid "${ref.uid}"), which the project neither defines nor declares external: add it to libraryPanels (or as { external: { uid, name } } when it exists in Grafana and is not yours)`));
      } else if (found.name !== ref.name) {
        issues.push(finding(at, 'library-panel-ref', `uses library panel uid "${ref.uid}" by the name "${ref.name}", but it is named "${found.name}": use the library panel's name`));
      }
    }
  }
  return issues;
}

/**
 * The dashboards as Grafana draws them: each reference to one of the project's library panels replaced by the
 * library panel's model (keeping the reference's id and gridPos), so panel, PromQL and schema rules check the panel
 * people see. References to external library panels stay as they are (their model is not the project's).
 */
export function withLibraryPanels(project: ProjectDefinition): ProjectDefinition {
  const panels = known(project);
  if (panels.size === 0) return project;
  const resolve = (list: JsonValue | undefined): JsonValue[] => (Array.isArray(list) ? list : []).map((panel) => {
    if (!isObject(panel)) return panel;
    const ref = isObject(panel.libraryPanel) ? panels.get(String(panel.libraryPanel.uid)) : undefined;
    if (ref?.model) return { ...ref.model, id: panel.id ?? null, gridPos: panel.gridPos ?? null, libraryPanel: panel.libraryPanel };
    return Array.isArray(panel.panels) ? { ...panel, panels: resolve(panel.panels) } : panel;
  });
  const dashboards: DashboardDefinition[] = (project.dashboards ?? []).map((d) => ({ ...d, dashboard: { ...d.dashboard, panels: resolve(d.dashboard.panels) } }));
  return { ...project, dashboards };
}
