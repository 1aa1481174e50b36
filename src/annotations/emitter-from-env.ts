import { isAbsolute, join } from 'node:path';
import { assertHttpUrl } from '../config/config-shape.js';
import { clientOptionsFromEnv, createGrafanaClient, type GrafanaClientOptions } from '../grafana/index.js';
import { createAnnotationEmitter, type AnnotationEmitter } from './emitter.js';
import { grafanaAnnotationApi } from './grafana-annotation-api.js';
import { defaultJournalPath } from './journal.js';

export interface EmitterFromEnvOptions {
  /** GRAFANA_URL, GRAFANA_TOKEN or GRAFANA_USER/GRAFANA_PASSWORD, GRAFANA_ORG_ID, K2_ANNOTATION_JOURNAL. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Relative journal paths resolve against it. */
  readonly cwd: string;
  /** Tags on every annotation (e.g. the tag the dashboard's annotation query filters on). */
  readonly baseTags: readonly string[];
  /** Journal path; else K2_ANNOTATION_JOURNAL; else `.k2-grafana/annotations.journal`. */
  readonly journalPath?: string;
  readonly dashboardUID?: string;
  readonly panelId?: number;
  /**
   * Overrides of the Grafana client options. By default an unreachable Grafana fails fast (5 s timeout, one
   * retry) because the event is safe in the journal and a scenario must not wait on Grafana.
   */
  readonly client?: Partial<GrafanaClientOptions>;
  readonly onWarning?: (message: string) => void;
}

/** The emitter as the CLI and a project's own verbs use it: Grafana from the environment, journal on disk. */
export function createEmitterFromEnv(options: EmitterFromEnvOptions): { emitter: AnnotationEmitter; grafanaUrl: string } {
  const clientOptions = clientOptionsFromEnv(options.env, {
    timeoutMs: 5000,
    retry: { maxAttempts: 2, budgetMs: 5000 },
    ...options.client,
  });
  // A malformed GRAFANA_URL is a usage error here too, not an event journaled forever against no Grafana.
  assertHttpUrl(clientOptions.url ?? 'http://localhost:3000', 'Grafana URL from GRAFANA_URL', 'Give the base URL with its scheme, e.g. https://grafana.example.com or http://localhost:3000.');
  const client = createGrafanaClient(clientOptions);
  const configured = options.journalPath ?? options.env.K2_ANNOTATION_JOURNAL ?? defaultJournalPath;
  const journalPath = isAbsolute(configured) ? configured : join(options.cwd, configured);
  const emitter = createAnnotationEmitter({
    api: grafanaAnnotationApi(client),
    journal: journalPath,
    baseTags: options.baseTags,
    ...(options.dashboardUID !== undefined ? { dashboardUID: options.dashboardUID } : {}),
    ...(options.panelId !== undefined ? { panelId: options.panelId } : {}),
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  });
  return { emitter, grafanaUrl: clientOptions.url ?? 'http://localhost:3000' };
}
