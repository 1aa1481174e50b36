import type { ArtifactSet } from '../model/index.js';
import { compareDashboards, diffObjects, type Change, type DashboardComparison } from '../diff/index.js';
import type { ObjectKind } from '../normalise/index.js';
import { artifactObjects, type ArtifactObject } from './artifact-objects.js';

export type ObjectStatus = 'added' | 'removed' | 'changed' | 'unchanged';

/** One object of the review: its status and semantic changes. */
export interface ObjectReview {
  readonly kind: ObjectKind;
  readonly key: string;
  readonly title: string;
  readonly status: ObjectStatus;
  /** File of the after side (or the before side when removed), relative to the report's `fileRoot`. */
  readonly file?: string;
  readonly changes: readonly Change[];
  /** Dashboards only: the panel pairing and normalised sides, for the grid sketch and layout picture. */
  readonly dashboard?: DashboardComparison;
}

/** What `diff` reports: the two sides' names and every object on either side. */
export interface ReviewReport {
  /** Label of the before side, e.g. `origin/main` or a file name. */
  readonly before: string;
  /** Label of the after side, e.g. `working tree (generated)`. */
  readonly after: string;
  readonly objects: readonly ObjectReview[];
  readonly counts: Readonly<Record<ObjectStatus, number>>;
  /** True when any object differs. */
  readonly changed: boolean;
  /** Prefix that makes `file` a path from the project root (`provisioning/` for artifact sets). */
  readonly fileRoot?: string;
}

export interface ReviewLabels {
  readonly before: string;
  readonly after: string;
  readonly fileRoot?: string;
}

/** Compare two lists of objects: paired by kind + key; one side only means added / removed. */
export function reviewObjects(before: readonly ArtifactObject[], after: readonly ArtifactObject[], labels: ReviewLabels): ReviewReport {
  const id = (o: ArtifactObject) => `${o.kind}\u0000${o.key}`;
  const b = new Map(before.map((o) => [id(o), o]));
  const a = new Map(after.map((o) => [id(o), o]));
  const ids = [...new Set([...a.keys(), ...b.keys()])];
  const objects: ObjectReview[] = [];
  for (const key of ids) {
    const bo = b.get(key);
    const ao = a.get(key);
    const o = (ao ?? bo)!;
    const options = { key: o.key, title: o.title };
    let changes: Change[];
    let dashboard: DashboardComparison | undefined;
    if (o.kind === 'dashboard') {
      dashboard = compareDashboards(bo?.json, ao?.json, { key: o.key });
      changes = dashboard.changes;
      if (bo?.folder !== undefined && ao?.folder !== undefined && bo.folder !== ao.folder) {
        const folderChange: Change = {
          kind: 'setting-changed', object: dashboard.object, ref: 'folder', path: 'folder', before: bo.folder, after: ao.folder,
          summary: `moved from folder "${bo.folder || 'General'}" to "${ao.folder || 'General'}"`,
        };
        changes = [folderChange, ...changes];
        dashboard = { ...dashboard, changes };
      }
    } else {
      changes = diffObjects(o.kind, bo?.json, ao?.json, options);
    }
    const status: ObjectStatus = !bo ? 'added' : !ao ? 'removed' : changes.length > 0 ? 'changed' : 'unchanged';
    objects.push({
      kind: o.kind, key: o.key, title: o.title, status, file: o.file, changes,
      ...(dashboard ? { dashboard } : {}),
    });
  }
  const order: Record<string, number> = { dashboard: 0, 'rule-group': 1, 'contact-point': 2, policy: 3, datasource: 4, folder: 5, 'prometheus-rule-group': 6, file: 7 };
  objects.sort((x, y) => (order[x.kind] ?? 9) - (order[y.kind] ?? 9) || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  const counts = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  for (const o of objects) counts[o.status] += 1;
  return {
    before: labels.before, after: labels.after, objects, counts, changed: counts.added + counts.removed + counts.changed > 0,
    ...(labels.fileRoot !== undefined ? { fileRoot: labels.fileRoot } : {}),
  };
}

/** Compare two artifact sets (provisioning/ at two points): every object in either, with its changes. */
export function reviewArtifactSets(before: ArtifactSet, after: ArtifactSet, labels: ReviewLabels): ReviewReport {
  return reviewObjects(artifactObjects(before), artifactObjects(after), { fileRoot: 'provisioning/', ...labels });
}
