/**
 * Text helpers for the layout SVG: escaping for XML and a width estimate for truncating titles. SVG has no text
 * layout of its own, so titles are cut to an estimated width instead of measured; the estimate errs wide so a
 * title never spills out of its panel.
 */

/** Characters XML 1.0 forbids outright (most C0 controls, lone surrogates, U+FFFE/U+FFFF): dropped, not escaped. */
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for use in SVG element content and in double- or single-quoted attributes. */
export function escapeXml(text: string): string {
  return text
    .replace(XML_FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Average advance of a sans-serif glyph as a fraction of the font size. Real averages for mixed-case Latin text
 * are about 0.5-0.55; 0.6 keeps truncated titles inside their boxes for wide letters too.
 */
const AVERAGE_GLYPH_WIDTH = 0.6;

/** How many characters of `fontSize` text fit in `width` pixels (estimated). */
export function charsThatFit(width: number, fontSize: number): number {
  return Math.max(0, Math.floor(width / (fontSize * AVERAGE_GLYPH_WIDTH)));
}

/**
 * Cuts `text` to at most `maxChars` characters (code points, so emoji and astral characters are never split),
 * ending with an ellipsis when cut. Whitespace runs (including newlines) collapse to one space first.
 */
export function truncateText(text: string, maxChars: number): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  if (chars.length <= maxChars) return chars.join('');
  if (maxChars <= 1) return maxChars === 1 ? '…' : '';
  return `${chars.slice(0, maxChars - 1).join('').trimEnd()}…`;
}

/** Formats a coordinate: integers as-is, others to two decimals without trailing zeros, so output is stable. */
export function num(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return value.toFixed(2).replace(/\.?0+$/, '');
}
