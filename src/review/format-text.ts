import type { CliStyle } from './style.js';
import { countText, objectHeading, queryTexts, reportLines, STATUS_MARKER } from './change-lines.js';
import type { ReviewReport } from './review-report.js';
import { renderGridSketch } from './grid-sketch.js';
import { layoutSides } from './panel-statuses.js';
import { plainStyle } from './style.js';

export interface TextFormatOptions {
  /** Colour functions; plain (no escape codes) unless the CLI enabled colour for a TTY. */
  readonly style?: CliStyle;
  /** Draw the grid sketch under each changed dashboard. @default false */
  readonly sketch?: boolean;
}

/** The report for a terminal: one block per object that differs, one line per change, PromQL before/after indented. */
export function formatReviewText(report: ReviewReport, options: TextFormatOptions = {}): string {
  const s = options.style ?? plainStyle;
  const out: string[] = [`k2-grafana diff: ${report.before} -> ${report.after}`];
  const differing = report.objects.filter((o) => o.status !== 'unchanged');
  if (differing.length === 0) {
    out.push(`No changes (${countText(report.objects.length, 'object')} compared).`);
    return `${out.join('\n')}\n`;
  }
  const paint = (marker: string, text: string) =>
    marker === '+' ? s.green(text) : marker === '-' ? s.red(text) : marker === '>' ? s.blue(text) : s.yellow(text);
  for (const object of differing) {
    const marker = STATUS_MARKER[object.status];
    const detail = object.status === 'changed' ? `${countText(object.changes.length, 'change')}` : object.status;
    out.push('', paint(marker, `${marker} ${s.bold(objectHeading(object))}: ${detail}`));
    if (object.status !== 'changed') {
      for (const change of object.changes) out.push(`    ${change.summary}`);
      continue;
    }
    for (const line of reportLines(object.changes)) {
      out.push(`    ${paint(line.marker, line.marker)} ${line.summary}`);
      const texts = line.change ? queryTexts(line.change) : undefined;
      if (texts?.before !== undefined) out.push(...texts.before.split('\n').map((l) => `        ${s.red(`- ${l}`)}`));
      if (texts?.after !== undefined) out.push(...texts.after.split('\n').map((l) => `        ${s.green(`+ ${l}`)}`));
    }
    if (options.sketch && object.dashboard) {
      const sides = layoutSides(object.dashboard);
      if (sides.after) {
        const sketch = renderGridSketch(sides.after);
        out.push('', ...sketch.grid.split('\n').map((l) => `    ${l}`), ...sketch.legend.map((l) => `    ${l}`));
      }
    }
  }
  const c = report.counts;
  out.push('', `Summary: ${c.added} added, ${c.removed} removed, ${c.changed} changed, ${c.unchanged} unchanged.`);
  return `${out.join('\n')}\n`;
}
