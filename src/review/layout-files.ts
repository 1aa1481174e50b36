import { renderLayoutSvg } from './layout-svg.js';
import { layoutSides } from './panel-statuses.js';
import type { ReviewReport } from './review-report.js';

/** One layout picture to write: a file name (from the dashboard uid) and its SVG text. */
export interface LayoutFile {
  readonly file: string;
  readonly dashboard: string;
  readonly svg: string;
}

/** File-name-safe form of a key. */
function safeName(key: string): string {
  return key.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_') || 'dashboard';
}

/** Before/after layout pictures of every dashboard that was added, removed or changed (H's renderer). */
export function layoutFiles(report: ReviewReport): LayoutFile[] {
  const out: LayoutFile[] = [];
  const used = new Set<string>();
  for (const object of report.objects) {
    if (object.kind !== 'dashboard' || object.status === 'unchanged' || !object.dashboard) continue;
    let file = `${safeName(object.key)}.svg`;
    for (let n = 2; used.has(file); n++) file = `${safeName(object.key)}-${n}.svg`;
    used.add(file);
    const sides = layoutSides(object.dashboard);
    out.push({ file, dashboard: object.key, svg: renderLayoutSvg({ title: object.title, ...sides }) });
  }
  return out;
}
