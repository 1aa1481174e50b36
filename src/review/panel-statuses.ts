import type { DashboardComparison } from '../diff/index.js';
import type { LayoutPanel, LayoutStatus } from './layout-svg.js';
import { layoutPanelsFromDashboard } from './svg-dashboard-panels.js';

/** Per-side status maps keyed by panel key (the diff's keys, which the layout helpers use too). */
export function panelStatuses(comparison: DashboardComparison): { before: Map<string, LayoutStatus>; after: Map<string, LayoutStatus> } {
  const before = new Map<string, LayoutStatus>();
  const after = new Map<string, LayoutStatus>();
  for (const match of comparison.panels) {
    if (match.before) before.set(match.before.key, match.status);
    if (match.after) after.set(match.after.key, match.status);
  }
  return { before, after };
}

/** Both sides of a dashboard comparison as layout panels (normalised dashboards, so keys match the diff's). */
export function layoutSides(comparison: DashboardComparison): { before?: LayoutPanel[]; after?: LayoutPanel[] } {
  const statuses = panelStatuses(comparison);
  return {
    ...(comparison.before ? { before: layoutPanelsFromDashboard(comparison.before, statuses.before) } : {}),
    ...(comparison.after ? { after: layoutPanelsFromDashboard(comparison.after, statuses.after) } : {}),
  };
}
