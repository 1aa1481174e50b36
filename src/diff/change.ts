import type { JsonValue } from '../model/index.js';

/** What kind of difference a Change describes. */
export type ChangeKind =
  // Whole objects (an artifact set or Grafana holds an object the other side does not).
  | 'object-added'
  | 'object-removed'
  // Dashboards
  | 'panel-added'
  | 'panel-removed'
  | 'panel-moved'
  | 'panel-resized'
  | 'panel-retitled'
  | 'panel-type-changed'
  | 'panel-rekeyed'
  | 'query-added'
  | 'query-removed'
  | 'query-changed'
  | 'field-config-changed'
  | 'panel-options-changed'
  | 'panel-changed'
  | 'variable-added'
  | 'variable-removed'
  | 'variable-changed'
  | 'annotation-added'
  | 'annotation-removed'
  | 'annotation-changed'
  | 'setting-changed'
  | 'migrated'
  // Alert rule groups
  | 'rule-added'
  | 'rule-removed'
  | 'rule-retitled'
  | 'rule-condition-changed'
  | 'rule-query-changed'
  | 'rule-threshold-changed'
  | 'rule-for-changed'
  | 'rule-labels-changed'
  | 'rule-annotations-changed'
  | 'rule-state-changed'
  | 'rule-changed'
  | 'group-interval-changed'
  | 'group-changed'
  // Any other kind (folders, datasources, contact points, policies)
  | 'field-changed';

/** Which object a change belongs to. */
export interface ChangeObject {
  /** The object's kind (a registered kind, or `file` for a provisioning file no kind reads). */
  readonly kind: string;
  /** Dashboard uid, `folderUid/group title` for rule groups, uid or name for others. */
  readonly key: string;
  readonly title?: string;
}

/** The panel a dashboard change is about. `key` is the panel id as a string (what layout pictures key on). */
export interface ChangePanel {
  readonly key: string;
  readonly id?: number;
  readonly title: string;
  /** How reports name it: `panel "Lag"`, `panel "Lag" (id 2)` when titles collide, `library panel (id 7, library uid u)`. */
  readonly label?: string;
  /** Key of the same panel on the before side when it differs (re-keyed panels). */
  readonly beforeKey?: string;
}

export interface ChangeRule {
  readonly uid: string;
  readonly title: string;
}

/**
 * One semantic difference, as data: plan (reasons), review (reports) and JSON output all read the same fields.
 * `before` / `after` are absent for an added / removed thing; `summary` is one human sentence.
 */
export interface Change {
  readonly kind: ChangeKind;
  readonly object: ChangeObject;
  readonly panel?: ChangePanel;
  readonly rule?: ChangeRule;
  /** Query refId, variable / annotation name, or label key the change is about. */
  readonly ref?: string;
  /** Where in the normalised object, e.g. `panels[id=3].targets[refId=A].expr`. */
  readonly path: string;
  readonly before?: JsonValue;
  readonly after?: JsonValue;
  readonly summary: string;
}

/** Compact text of a value for summaries: strings quoted, long values shortened. */
export function showValue(value: JsonValue | undefined, max = 80): string {
  if (value === undefined) return '(none)';
  const text = JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `a -> b` for summaries. */
export function showChange(before: JsonValue | undefined, after: JsonValue | undefined): string {
  return `${showValue(before)} -> ${showValue(after)}`;
}

const TEXT_KEYS = new Set(['expr', 'query', 'expression', 'rawSql']);

/**
 * `path: before -> after`, or `path changed` for query text (PromQL is long: reports print it in full, before and
 * after, under the line).
 */
export function describeLeaf(path: string, before: JsonValue | undefined, after: JsonValue | undefined): string {
  const last = /([A-Za-z_]+)$/.exec(path)?.[1] ?? '';
  if (TEXT_KEYS.has(last) && (typeof before === 'string' || typeof after === 'string')) {
    return before === undefined ? `${path} added` : after === undefined ? `${path} removed` : `${path} changed`;
  }
  return `${path}: ${showChange(before, after)}`;
}
