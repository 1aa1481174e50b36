import { countText, kindLabel, queryTexts, reportLines } from './change-lines.js';
import { renderGridSketch } from './grid-sketch.js';
import { layoutSides } from './panel-statuses.js';
import type { ObjectReview, ReviewReport } from './review-report.js';

export interface MarkdownFormatOptions {
  /**
   * Maximum length of the whole report. GitHub rejects comments over 65,536 characters; the default leaves room for
   * the PR comment's marker and footer. Objects that do not fit are listed in a truncation note.
   * @default 60000
   */
  readonly maxLength?: number;
  /** Text under the heading, e.g. a link to the layout pictures. */
  readonly preface?: string;
}

const STATUS_TEXT: Readonly<Record<ObjectReview['status'], string>> = {
  added: '🟢 added', removed: '🔴 removed', changed: '🟠 changed', unchanged: 'unchanged',
};

/** Markdown-safe inline text: HTML and table metacharacters escaped. */
function md(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** HTML-safe text for `<summary>` (markdown escapes do not apply inside HTML). */
function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, ' ');
}

/** A fenced code block whose fence is longer than any backtick run inside it. */
function fence(lang: string, body: string): string {
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${body}\n${f}`;
}

/**
 * One `<details>` block. With a `budget`, a compact block that fits it: summary lines only (no code blocks, no
 * sketch), as many as fit, then a line saying how many were left out.
 */
function objectBlock(object: ObjectReview, fileRoot: string, budget?: number): string {
  const summary = object.status === 'changed' ? countText(object.changes.length, 'change') : object.status;
  const lines: string[] = [
    '<details>',
    `<summary>${STATUS_TEXT[object.status].split(' ')[0]} <b>${html(kindLabel(object.kind))} ${html(object.title)}</b> (<code>${html(object.key)}</code>): ${summary}</summary>`,
    '',
  ];
  if (object.file) lines.push(`File: \`${fileRoot}${object.file}\``, '');
  const all = reportLines(object.changes);
  if (budget !== undefined) {
    const closing = '\n\n</details>';
    let used = lines.join('\n').length + closing.length + 80;
    let shown = 0;
    for (const line of all) {
      const text = `- \`${line.marker}\` ${md(line.summary)}`;
      if (used + text.length + 1 > budget) break;
      lines.push(text);
      used += text.length + 1;
      shown += 1;
    }
    if (shown < all.length) lines.push(`- … ${countText(all.length - shown, 'more change')} not shown here (PromQL and the grid sketch left out to fit)`);
    lines.push('', '</details>');
    return lines.join('\n');
  }
  for (const line of all) {
    lines.push(`- \`${line.marker}\` ${md(line.summary)}`);
    const texts = line.change ? queryTexts(line.change) : undefined;
    if (texts) {
      const body = [
        ...(texts.before !== undefined ? texts.before.split('\n').map((l) => `- ${l}`) : []),
        ...(texts.after !== undefined ? texts.after.split('\n').map((l) => `+ ${l}`) : []),
      ].join('\n');
      lines.push('', fence('diff', body).split('\n').map((l) => `  ${l}`).join('\n'), '');
    }
  }
  if (object.dashboard) {
    const sides = layoutSides(object.dashboard);
    const side = sides.after ?? sides.before;
    if (side && side.length > 0) {
      const sketch = renderGridSketch(side);
      const removed = object.dashboard.panels.filter((p) => p.status === 'removed' && p.before && sides.after).map((p) => `"${p.before!.title}"`);
      lines.push(
        '',
        `Grid ${sides.after ? 'after' : 'before'} the change (\`+\` added, \`-\` removed, \`~\` changed, \`>\` moved or resized, \`.\` unchanged, \`=\` row):`,
        '',
        fence('text', [sketch.grid, '', ...sketch.legend, ...(removed.length > 0 ? [`removed: ${removed.join(', ')}`] : [])].join('\n')),
      );
    }
  }
  lines.push('', '</details>');
  return lines.join('\n');
}

/**
 * The report as a PR comment: a heading, a summary table of every object that differs, one collapsible block per
 * dashboard / rule group / other object (changes, PromQL before -> after in diff code blocks, a grid sketch with the
 * changed panels marked), or "No changes". Kept under `maxLength` with a note naming what was left out.
 */
export function formatReviewMarkdown(report: ReviewReport, options: MarkdownFormatOptions = {}): string {
  const max = options.maxLength ?? 60_000;
  const head: string[] = [`### Grafana changes: \`${md(report.before)}\` → \`${md(report.after)}\``, ''];
  if (options.preface) head.push(options.preface, '');
  const differing = report.objects.filter((o) => o.status !== 'unchanged');
  if (differing.length === 0) {
    head.push(`**No changes** (${countText(report.objects.length, 'object')} compared).`);
    return `${head.join('\n')}\n`;
  }
  const c = report.counts;
  head.push(
    `${c.added} added, ${c.removed} removed, ${c.changed} changed, ${c.unchanged} unchanged.`,
    '',
    '| Status | Kind | Object | Changes |',
    '|---|---|---|---|',
    ...differing.map((o) => `| ${STATUS_TEXT[o.status]} | ${md(kindLabel(o.kind))} | ${md(o.title)} (\`${md(o.key)}\`) | ${o.changes.length} |`),
    '',
  );
  let text = head.join('\n');
  const left: ObjectReview[] = [];
  let shortened = false;
  const noteReserve = 600;
  for (const object of differing) {
    if (left.length > 0 || shortened) {
      left.push(object);
      continue;
    }
    const block = `\n${objectBlock(object, report.fileRoot ?? '')}\n`;
    if (text.length + block.length + noteReserve <= max) {
      text += block;
      continue;
    }
    // Too big whole: show what fits of it in compact form, and leave the rest out.
    const room = max - text.length - noteReserve;
    if (room > 1_000) {
      text += `\n${objectBlock(object, report.fileRoot ?? '', room - 2)}\n`;
      shortened = true;
    } else left.push(object);
  }
  if (left.length > 0 || shortened) {
    const names = left.map((o) => `${kindLabel(o.kind)} ${o.title}`);
    let list = names.join(', ');
    if (list.length > 300) list = `${list.slice(0, 297)}…`;
    const what = left.length > 0 ? `${countText(left.length, 'more object')} not shown (${md(list)})` : 'the last object is shortened';
    text += `\n> **Truncated** to stay under GitHub's 65,536-character comment limit: ${what}. Run \`k2-grafana diff\` locally for the full report.\n`;
  }
  return text.endsWith('\n') ? text : `${text}\n`;
}
