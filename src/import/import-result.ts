/**
 * What every importer (dashboards, alerting) hands the `import` command: the files to write, the objects it imported
 * with what it could not keep exactly, and what the generated index must register. The command writes all files or
 * none, and builds one generated index from every importer's entries.
 */

/** One generated file, path relative to the project root, text already formatted. */
export interface GeneratedFile {
  readonly path: string;
  readonly text: string;
}

/** A part written through the typed escape hatch (no builder or helper expresses it): visible in review, counted. */
export interface RawPart {
  /** Field path inside the object, e.g. `panels[3].options.legend` or `rules[0].data[1].model`. */
  readonly path: string;
  readonly reason: string;
}

/** Something that does not round-trip exactly: named by field path, with why. */
export interface InexactItem {
  readonly path: string;
  readonly reason: string;
  /** Panel (title and id) or rule (title and uid) the path is in, when it is in one. */
  readonly within?: string;
}

/** A deliberate change the importer made because an option asked for it (`--datasource-variable`, legacy rows...). */
export interface RequestedChange {
  readonly path: string;
  readonly what: string;
}

/** One imported object (a dashboard, a rule group, a contact point...). */
export interface ImportedObject {
  /** Kind name as in the registry: `dashboard`, `rule-group`, `contact-point`, `policy`, `mute-timing`, `notification-template`. */
  readonly kind: string;
  readonly key: string;
  readonly title: string;
  /** Input it came from: a file path (relative to cwd), `<file>#<ConfigMap item>`, or `grafana:<uid>`. */
  readonly origin: string;
  /** Generated module that defines it, relative to the project root. */
  readonly module: string;
  /** Panels (dashboards) or rules (rule groups) imported. */
  readonly parts: number;
  readonly raw: readonly RawPart[];
  readonly inexact: readonly InexactItem[];
  readonly changed: readonly RequestedChange[];
}

/** An input that was not imported, and why (the command still writes nothing when any input is refused). */
export interface RefusedInput {
  readonly origin: string;
  readonly reason: string;
  readonly hint: string;
}

/**
 * One line of the generated index: `import { <exportName> } from '<module>'` and its value added to the project's
 * `field` list (`dashboards`, `ruleGroups`, `contactPoints`, `policies`, `muteTimings`, `notificationTemplates`...).
 */
export interface IndexEntry {
  readonly field: string;
  readonly exportName: string;
  /** Module path relative to the project root, `.ts`; the index imports it as `.js`. */
  readonly module: string;
  /** The object's key, so a re-import replaces its own entry and a collision is found. */
  readonly key: string;
}

export interface ImportResult {
  readonly files: readonly GeneratedFile[];
  readonly objects: readonly ImportedObject[];
  readonly refused: readonly RefusedInput[];
  readonly index: readonly IndexEntry[];
}
