import { UsageError } from '../errors.js';
import { lintConfigIssues } from '../validate/lint-config.js';
import type { GrafanaContextConfig, ProjectConfig } from './project-config.js';

/**
 * Problems with a loaded config's shape, each naming the field (`contexts.prod.url: ...`). Hand-written rather than
 * a schema library: it runs on every start, `--help` included, and must stay cheap to load.
 */
export function configShapeIssues(value: unknown): string[] {
  if (!isRecord(value)) return [`the config must export an object (export default defineConfig({ ... })), got ${describe(value)}`];
  const issues: string[] = [];
  const known = new Set(['definitions', 'imported', 'out', 'lint', 'contexts', 'defaultContext', 'annotations', 'commands']);
  for (const key of Object.keys(value)) if (!known.has(key)) issues.push(`${key}: unknown field (known: ${[...known].join(', ')})`);
  if (typeof value.definitions !== 'string' || value.definitions.trim() === '') issues.push('definitions: required, the path of the definitions module (e.g. "./grafana/index.ts")');
  if (value.imported !== undefined && (typeof value.imported !== 'string' || !/\.[cm]?[jt]s$/.test(value.imported))) issues.push('imported: must be the path of a module (e.g. "./grafana/imported/index.ts")');
  if (value.out !== undefined && (typeof value.out !== 'string' || value.out.trim() === '')) issues.push('out: must be a folder path');
  issues.push(...lintConfigIssues(value.lint));
  if (value.contexts !== undefined) {
    if (!isRecord(value.contexts)) issues.push('contexts: must be an object of named Grafana instances');
    else for (const [name, context] of Object.entries(value.contexts)) issues.push(...contextIssues(`contexts.${name}`, context));
  }
  if (value.defaultContext !== undefined) {
    if (typeof value.defaultContext !== 'string') issues.push('defaultContext: must be a context name');
    else if (!isRecord(value.contexts) || !(value.defaultContext in value.contexts)) issues.push(`defaultContext: "${value.defaultContext}" is not one of contexts`);
  }
  if (value.annotations !== undefined) issues.push(...annotationIssues(value.annotations));
  if (value.commands !== undefined) {
    if (!Array.isArray(value.commands)) issues.push('commands: must be an array of defineCommand(...) verbs');
    else value.commands.forEach((c, i) => {
      const verb = isRecord(c) && typeof c.name === 'string' && typeof c.describe === 'string';
      if (!verb || !((typeof c.builder === 'function' && typeof c.run === 'function') || typeof c.load === 'function')) {
        issues.push(`commands[${i}]: must be a verb built with defineCommand({ name, describe, builder, run }), or { name, describe, load } to load it when it runs`);
      }
    });
  }
  return issues;
}

/** A namespace Grafana parses (authlib `ParseNamespace`: `default`, `org-<id>` with id > 1, `stacks-<id>`). */
export function isNamespace(value: string): boolean {
  const org = /^org-(\d+)$/.exec(value);
  return value === 'default' || (org !== null && Number(org[1]) > 1) || /^stacks-[1-9]\d*$/.test(value);
}

function contextIssues(at: string, context: unknown): string[] {
  if (!isRecord(context)) return [`${at}: must be an object ({ url, orgId?, tokenEnv?, overrides? })`];
  const issues: string[] = [];
  const known = new Set<keyof GrafanaContextConfig>(['url', 'orgId', 'tokenEnv', 'userEnv', 'passwordEnv', 'overrides', 'api', 'namespace']);
  for (const key of Object.keys(context)) if (!known.has(key as keyof GrafanaContextConfig)) issues.push(`${at}.${key}: unknown field (known: ${[...known].join(', ')})`);
  if (typeof context.url !== 'string') issues.push(`${at}.url: required, Grafana's base URL (e.g. "https://grafana.example.com")`);
  else if (!isHttpUrl(context.url)) issues.push(`${at}.url: "${context.url}" is not an http(s) URL`);
  if (context.orgId !== undefined && !(Number.isInteger(context.orgId) && (context.orgId as number) >= 1)) issues.push(`${at}.orgId: must be a positive integer`);
  if (context.api !== undefined && !['classic', 'app-platform', 'auto'].includes(context.api as string)) issues.push(`${at}.api: must be "classic", "app-platform" or "auto"`);
  if (context.namespace !== undefined && !(typeof context.namespace === 'string' && isNamespace(context.namespace))) {
    issues.push(`${at}.namespace: must be "default", "org-<id>" (id > 1) or "stacks-<id>", the forms Grafana parses`);
  }
  for (const key of ['tokenEnv', 'userEnv', 'passwordEnv'] as const) {
    const name = context[key];
    if (name !== undefined && (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))) {
      // Never echo the value: a secret put where a variable name belongs must not reach the terminal.
      issues.push(`${at}.${key}: must be the NAME of an environment variable (letters, digits, _), not its value`);
    }
  }
  if (context.overrides !== undefined) {
    const o = context.overrides;
    if (!isRecord(o)) issues.push(`${at}.overrides: must be an object ({ datasourceUids?, folderPrefix? })`);
    else {
      for (const key of Object.keys(o)) if (key !== 'datasourceUids' && key !== 'folderPrefix') issues.push(`${at}.overrides.${key}: unknown field (known: datasourceUids, folderPrefix)`);
      if (o.datasourceUids !== undefined && (!isRecord(o.datasourceUids) || Object.values(o.datasourceUids).some((v) => typeof v !== 'string' || v === ''))) {
        issues.push(`${at}.overrides.datasourceUids: must map a datasource uid of the definitions to this instance's uid`);
      }
      if (o.folderPrefix !== undefined && typeof o.folderPrefix !== 'string') issues.push(`${at}.overrides.folderPrefix: must be a string`);
    }
  }
  return issues;
}

function annotationIssues(value: unknown): string[] {
  if (!isRecord(value)) return ['annotations: must be an object ({ tags?, journal?, watch? })'];
  const issues: string[] = [];
  if (value.tags !== undefined && !isStringArray(value.tags)) issues.push('annotations.tags: must be an array of strings');
  if (value.journal !== undefined && typeof value.journal !== 'string') issues.push('annotations.journal: must be a file path');
  if (value.watch !== undefined) {
    const w = value.watch;
    if (!isRecord(w)) issues.push('annotations.watch: must be an object ({ selector, subject?, levels?, tags? })');
    else {
      if (typeof w.selector !== 'string' || w.selector.trim() === '') issues.push('annotations.watch.selector: required, the series selector of the gauge to follow');
      if (w.levels !== undefined && (!isRecord(w.levels) || Object.entries(w.levels).some(([k, v]) => !Number.isFinite(Number(k)) || typeof v !== 'string'))) {
        issues.push('annotations.watch.levels: must map numeric values to names, e.g. { 0: "OK", 1: "WARN" }');
      }
      if (w.tags !== undefined && !isStringArray(w.tags)) issues.push('annotations.watch.tags: must be an array of strings');
      if (w.subject !== undefined && typeof w.subject !== 'string') issues.push('annotations.watch.subject: must be a string, e.g. "API health"');
    }
  }
  return issues;
}

/** Two contexts that would write the same objects: same Grafana, same org, same folder prefix. */
export function collidingContexts(config: ProjectConfig): string[] {
  const seen = new Map<string, string>();
  const issues: string[] = [];
  for (const [name, context] of Object.entries(config.contexts ?? {})) {
    const identity = `${canonicalUrl(context.url)}|${context.orgId ?? 1}|${context.overrides?.folderPrefix ?? ''}`;
    const other = seen.get(identity);
    if (other !== undefined) issues.push(`contexts.${name} and contexts.${other} have the same URL, org and folder prefix: their objects would overwrite each other`);
    else seen.set(identity, name);
  }
  return issues;
}

/** Scheme, host and path as Grafana serves them: case and a trailing slash do not make another instance. */
export function canonicalUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host.toLowerCase()}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return url;
  }
}

/** A usage error (64) unless `url` is an http(s) URL; `what` names where it came from. The URL is echoed without its password. */
export function assertHttpUrl(url: string, what: string, hint: string): void {
  if (!isHttpUrl(url)) throw new UsageError(`${what} is not an http(s) URL: "${redactUserInfo(url)}"`, hint);
}

/** `https://user:pass@host` must not reach the terminal with its password. */
export function redactUserInfo(text: string): string {
  return text.replace(/\/\/[^/@\s]*@/, '//***@');
}

export function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}
