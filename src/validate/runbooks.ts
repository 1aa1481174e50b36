import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectDefinition } from '../model/index.js';
import { arrayAt, isObject, objectAt, stringAt } from './json.js';
import { finding, place, type Finding } from './place.js';
import { where } from './where.js';

/**
 * GitHub's heading anchor (github-slugger): lower-case, drop punctuation except '-' and '_', spaces to '-'.
 * Inline markup is reduced to its text first, as GitHub slugs the rendered heading.
 */
export function githubSlug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** Anchors a Markdown file defines: one per ATX heading (duplicates get -1, -2 as on GitHub), plus explicit `<a id>`. */
export function markdownAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const counts = new Map<string, number>();
  let fence: string | undefined;
  for (const line of markdown.split(/\r?\n/)) {
    const fenceMatch = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fenceMatch) {
      if (fence === undefined) fence = fenceMatch[1][0];
      else if (fenceMatch[1][0] === fence) fence = undefined;
      continue;
    }
    if (fence !== undefined) continue;
    const heading = /^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (heading) {
      const slug = githubSlug(heading[1]);
      const seen = counts.get(slug) ?? 0;
      anchors.add(seen === 0 ? slug : `${slug}-${seen}`);
      counts.set(slug, seen + 1);
    }
    for (const explicit of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(explicit[1]);
  }
  return anchors;
}

/**
 * Every alert rule's `runbook_url` points at the project's runbooks file and its `#anchor` is a heading there
 * (rules `runbook-url`, `runbook-anchor`). Missing annotations are reported by rules.ts.
 */
export function checkRunbooks(project: ProjectDefinition, options: { rootDir: string }): Finding[] {
  const file = project.runbooksFile;
  if (file === undefined) return [];
  let anchors: Set<string>;
  try {
    anchors = markdownAnchors(readFileSync(join(options.rootDir, file), 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${String(error)})`;
    return [finding(place.of(file), 'runbook-file', `runbooks file ${reason}: alert runbook_url anchors cannot be checked`)];
  }
  const issues: Finding[] = [];
  for (const { source, group } of (project.ruleGroups ?? [])) {
    const groupAt = place.of(source, where.ruleGroup(stringAt(group.title)));
    arrayAt(group.rules).forEach((rule, r) => {
      if (!isObject(rule)) return;
      const url = stringAt(objectAt(rule.annotations)?.runbook_url);
      if (!url) return;
      const at = place.rule(groupAt, rule, r);
      const hash = url.indexOf('#');
      const target = hash < 0 ? url : url.slice(0, hash);
      const anchor = hash < 0 ? '' : safeDecode(url.slice(hash + 1));
      if (!target.replace(/[?].*$/, '').endsWith(file)) {
        issues.push(finding(at, 'runbook-url', `runbook_url "${url}" does not point at ${file}`));
      } else if (!anchor) {
        issues.push(finding(at, 'runbook-anchor', `runbook_url "${url}" has no #anchor naming a section of ${file}`));
      } else if (!anchors.has(anchor)) {
        issues.push(finding(at, 'runbook-anchor', `runbook_url anchor "#${anchor}" is no heading in ${file}: add the section or fix the anchor`));
      }
    });
  }
  return issues;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
