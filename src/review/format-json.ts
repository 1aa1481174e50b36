import type { ReviewReport } from './review-report.js';

/**
 * The report as JSON for machines: sides, counts, and per object its status and changes (the same Change data plan
 * uses). The normalised dashboards are left out; the panel pairing is kept as keys and statuses.
 */
export function formatReviewJson(report: ReviewReport): string {
  const objects = report.objects.map((o) => ({
    kind: o.kind,
    key: o.key,
    title: o.title,
    status: o.status,
    ...(o.file ? { file: o.file } : {}),
    changes: o.changes,
    ...(o.dashboard
      ? {
        panels: o.dashboard.panels
          .filter((p) => p.status !== 'unchanged')
          .map((p) => ({ status: p.status, ...(p.before ? { beforeKey: p.before.key } : {}), ...(p.after ? { afterKey: p.after.key } : {}), title: (p.after ?? p.before)!.title })),
        ...(o.dashboard.migration ? { migration: o.dashboard.migration } : {}),
      }
      : {}),
  }));
  return `${JSON.stringify({ before: report.before, after: report.after, changed: report.changed, counts: report.counts, objects }, null, 2)}\n`;
}
