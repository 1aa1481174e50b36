import type { JsonObject } from '../model/index.js';
import { numberAt, stringAt } from './json.js';

/** The labels that make up an Issue's `where`, outermost first, so every message names its object the same way. */
export const where = {
  dashboard: (dashboard: JsonObject): string =>
    `dashboard "${stringAt(dashboard.title)?.trim() || stringAt(dashboard.uid)?.trim() || '(untitled)'}"`,
  panel: (panel: JsonObject, index: number): string => {
    const title = stringAt(panel.title);
    if (title) return `${panel.type === 'row' ? 'row' : 'panel'} "${title}"`;
    const id = numberAt(panel.id);
    return id === undefined ? `panel at index ${index}` : `panel id ${id}`;
  },
  query: (refId: string | undefined, index: number): string => (refId ? `query ${refId}` : `query #${index + 1}`),
  variable: (name: string | undefined, index: number): string => (name ? `variable "${name}"` : `variable #${index + 1}`),
  annotation: (name: string | undefined, index: number): string => (name ? `annotation "${name}"` : `annotation #${index + 1}`),
  ruleGroup: (title: string | undefined): string => `rule group "${title?.trim() || '(unnamed)'}"`,
  rule: (title: string | undefined, uid: string | undefined, index: number): string =>
    title?.trim() ? `rule "${title}"` : uid ? `rule uid "${uid}"` : `rule #${index + 1}`,
  contactPoint: (name: string | undefined, uid: string | undefined): string => `contact point "${name ?? uid ?? '(unnamed)'}"`,
  policy: (receiver: string | undefined): string => `policy route "${receiver ?? '(no receiver)'}"`,
  folder: (uid: string): string => `folder "${uid}"`,
  datasource: (uid: string): string => `datasource "${uid}"`,
};
