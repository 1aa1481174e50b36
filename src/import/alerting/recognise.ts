import { parseAllDocuments } from 'yaml';
import { isJsonObject } from '../../normalise/index.js';
import type { RefusedInput } from '../import-result.js';

/** One parsed YAML or JSON document and where it came from. */
export interface AlertingInput {
  /** File path (relative to cwd), `<file>#<n>` for the n-th document of a multi-document YAML, or `grafana:<what>`. */
  readonly origin: string;
  readonly document: unknown;
  /** What the command already knows it is; recognised from the content when absent. */
  readonly format?: 'grafana' | 'prometheus-rules';
}

/**
 * The sections of Grafana's alerting file-provisioning format (grafana-http-api.md 12.2,
 * pkg/services/provisioning/alerting/config_reader.go), which the export endpoints (6.3) write too.
 */
export const GRAFANA_SECTIONS = ['groups', 'contactPoints', 'policies', 'muteTimes', 'templates'] as const;
export const GRAFANA_DELETE_SECTIONS = ['deleteRules', 'deleteContactPoints', 'resetPolicies', 'deleteMuteTimes', 'deleteTemplates'] as const;

function isPrometheusRule(rule: unknown): boolean {
  return isJsonObject(rule) && typeof rule.expr === 'string' && (typeof rule.alert === 'string' || typeof rule.record === 'string');
}

/**
 * What an alerting document is: Grafana's provisioning / export format (`apiVersion: 1` and at least one of its
 * sections), a Prometheus rule file (`groups:` without `apiVersion`, whose rules have `alert` or `record` and `expr`),
 * or neither (undefined). The import command routes inputs by this.
 */
export function recogniseAlerting(document: unknown): 'grafana' | 'prometheus-rules' | undefined {
  if (!isJsonObject(document)) return undefined;
  if (document.apiVersion !== undefined) {
    const version = Number(document.apiVersion);
    const sections = [...GRAFANA_SECTIONS, ...GRAFANA_DELETE_SECTIONS].some((s) => document[s] !== undefined);
    return version === 1 && sections ? 'grafana' : undefined;
  }
  const groups = document.groups;
  if (!Array.isArray(groups) || groups.length === 0) return undefined;
  const rules = groups.flatMap((g) => (isJsonObject(g) && Array.isArray(g.rules) ? g.rules : [undefined]));
  return rules.length > 0 && rules.every(isPrometheusRule) ? 'prometheus-rules' : undefined;
}

/** Why a document is not importable as alerting, in words that name what it is. */
export function notAlertingReason(document: unknown): string {
  if (Array.isArray(document)) {
    return 'it is a list, not an alerting provisioning document (the provisioning API\'s list responses are not the file format: the /export endpoints write it, grafana-http-api.md 6.3)';
  }
  if (!isJsonObject(document)) return `it is ${document === null ? 'empty' : `a ${typeof document}`}, not an alerting provisioning document`;
  if (typeof document.folderUid === 'string' && Array.isArray(document.rules) && document.apiVersion === undefined) {
    return 'it is a rule group as the provisioning API returns it, not the file format (GET .../rule-groups/<group>/export writes that)';
  }
  if (document.apiVersion !== undefined && Number(document.apiVersion) !== 1) {
    return `it has apiVersion ${JSON.stringify(document.apiVersion)}; Grafana's alerting provisioning format is apiVersion 1 (version 2 is unfinished in Grafana and not supported)`;
  }
  if (document.apiVersion !== undefined) {
    const other = ['datasources', 'providers', 'apps', 'notifiers', 'deleteDatasources'].find((k) => document[k] !== undefined);
    return other ? `it is a Grafana provisioning file for ${other}, not alerting` : `it has apiVersion 1 but none of the alerting sections (${GRAFANA_SECTIONS.join(', ')})`;
  }
  if (typeof document.dashboard === 'object' || Array.isArray(document.panels)) return 'it is a dashboard, not alerting';
  if (Array.isArray(document.groups)) return 'it has `groups` but no `apiVersion`, and its rules are not Prometheus rules (each needs `alert` or `record`, and `expr`)';
  return `it has neither \`apiVersion: 1\` with alerting sections nor Prometheus rule \`groups\` (top-level keys: ${Object.keys(document).slice(0, 6).join(', ') || 'none'})`;
}

/**
 * The documents of one alerting file: JSON, or YAML with any number of `---` documents (empty ones, such as the part
 * before a leading `---` under a licence comment, are skipped). A file that is neither is refused, naming it.
 */
export function parseAlertingFile(origin: string, text: string): { inputs: AlertingInput[]; refused?: RefusedInput } {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return { inputs: [{ origin, document: JSON.parse(text) }] };
    } catch {
      // JSON is YAML too: let the YAML parser say where it breaks.
    }
  }
  const documents = parseAllDocuments(text);
  const list = Array.isArray(documents) ? documents : [documents];
  const broken = list.find((d) => d.errors.length > 0);
  if (broken) {
    const error = broken.errors[0]!;
    const line = error.linePos?.[0]?.line;
    return {
      inputs: [],
      refused: { origin, reason: `not YAML or JSON${line ? ` (line ${line})` : ''}: ${error.message.split('\n')[0]}`, hint: 'Pass a Grafana alerting provisioning or export file (YAML or JSON), or a Prometheus rule file.' },
    };
  }
  const values = list.map((d) => d.toJS({ maxAliasCount: 1000 }) as unknown).filter((v) => v !== null && v !== undefined);
  return { inputs: values.map((document, i) => ({ origin: values.length > 1 ? `${origin}#${i + 1}` : origin, document })) };
}
