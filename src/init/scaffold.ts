import { githubSlug } from '../validate/runbooks.js';

/**
 * The files `k2-grafana init` writes for a new project: a config, one dashboard (datasource variable, a stat and a
 * timeseries panel on the user's metric), one alert rule with its runbook section, a tsconfig and npm scripts.
 * Pure: names in, file contents out; `generate` and `check` pass on the result with nothing edited.
 */
export interface ScaffoldOptions {
  /** Project name: the ownership marker in Grafana (`k2-grafana/<name>`) and the dashboard's uid prefix. */
  readonly name: string;
  /** The metric the example dashboard and rule query, e.g. `http_requests_total`. */
  readonly metric: string;
  /** How the scaffold imports the library. @default 'k2-grafana' */
  readonly packageName?: string;
  /** How the config imports `defineConfig` (a light entry, so `--help` stays fast). @default '<packageName>/config' */
  readonly configImport?: string;
}

/** A counter is shown as a rate; anything else as its value. */
function isCounter(metric: string): boolean {
  return /_(total|count|sum|bucket)$/.test(metric);
}

/** `http_requests_total` -> `Http requests`. */
function metricTitle(metric: string): string {
  const words = metric.replace(/_(total|count|sum|bucket)$/, '').split('_').filter(Boolean);
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function scaffoldFiles(options: ScaffoldOptions): Map<string, string> {
  const pkg = options.packageName ?? 'k2-grafana';
  const { name, metric } = options;
  const counter = isCounter(metric);
  const title = metricTitle(metric);
  const series = counter ? `sum(rate(${metric}[$__rate_interval]))` : `sum(${metric})`;
  const ruleQuery = counter ? `sum(rate(${metric}[5m]))` : `max(${metric})`;
  const unit = counter ? 'reqps' : 'short';
  const files = new Map<string, string>();

  files.set('k2-grafana.config.ts', `import { defineConfig } from '${options.configImport ?? `${pkg}/config`}';

/**
 * This project's k2-grafana config. \`k2-grafana generate\` writes provisioning/ from the definitions below;
 * \`plan\` and \`provision\` talk to a Grafana context (credentials come from environment variables, never from here).
 */
export default defineConfig({
  definitions: './grafana/index.ts',
  out: 'provisioning',
  contexts: {
    // GRAFANA_TOKEN holds a service-account token; add more instances (staging, prod) with their own tokenEnv.
    local: { url: 'http://localhost:3000' },
  },
});
`);

  // Definitions import the light entry: every start of `check` loads them.
  const definitions = `${pkg}/definitions`;
  files.set('grafana/index.ts', `import { compileGrafanaRuleGroup, type ProjectDefinition } from '${definitions}';
import { alertRules, runbooksFile } from './alerts.js';
import { datasourceUid, serviceDashboard } from './service-dashboard.js';

export const folderUid = '${name}';

/** Everything this project puts in Grafana: what \`k2-grafana generate\` loads. */
export const project: ProjectDefinition = {
  name: '${name}',
  folders: [{ uid: folderUid, title: '${title} service' }],
  datasources: [
    // Point url at your Prometheus. The fixed uid is what the alert rule queries.
    { uid: datasourceUid, name: 'Prometheus', type: 'prometheus', access: 'proxy', url: 'http://localhost:9090', isDefault: true },
  ],
  dashboards: [serviceDashboard(folderUid)],
  ruleGroups: [compileGrafanaRuleGroup(alertRules(folderUid), { source: 'grafana/alerts.ts', datasourceUid, runbookBaseUrl: runbooksFile })],
  knownMetrics: ['${metric}'],
  runbooksFile,
};
`);

  files.set('grafana/service-dashboard.ts', `import { DashboardBuilder, DatasourceVariableBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeseriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { defineDashboard, keyedPanel, promQuery, type DashboardDefinition } from '${definitions}';

export const datasourceUid = 'prometheus';

/** One stat (now) and one timeseries (over time) of ${metric}. Panel ids come from the keys: keep them stable. */
export function serviceDashboard(folderUid: string): DashboardDefinition {
  const dashboard = new DashboardBuilder('${title} overview')
    .uid('${name}-overview')
    .tags(['${name}'])
    .refresh('30s')
    .time({ from: 'now-6h', to: 'now' })
    .withVariable(new DatasourceVariableBuilder('datasource').label('Prometheus').type('prometheus'))
    .withPanel(
      keyedPanel('now', new StatBuilder().title('${title} now').description('Current value of ${metric}.').unit('${unit}')
        .withTarget(promQuery('${series}', { instant: true })).span(6).height(6)),
    )
    .withPanel(
      keyedPanel('over-time', new TimeseriesBuilder().title('${title} over time').description('${metric} over the selected time range.').unit('${unit}')
        .withTarget(promQuery('${series}', { legend: '${title.toLowerCase()}' })).span(18).height(6)),
    );
  return defineDashboard({ source: 'grafana/service-dashboard.ts', folderUid, dashboard });
}
`);

  files.set('grafana/alerts.ts', `import type { ThresholdRuleGroup } from '${definitions}';

/** Every alert links to its section here; \`check\` fails when the section is missing. */
export const runbooksFile = 'docs/runbooks.md';

export function alertRules(folderUid: string): ThresholdRuleGroup {
  return {
    name: '${name}',
    folderUid,
    intervalSeconds: 60,
    rules: [
      {
        uid: '${name}-high',
        title: '${title} high',
        alertName: '${alertName(title)}',
        query: '${ruleQuery}',
        op: 'gt',
        value: 100,
        for: '5m',
        noDataState: 'NoData',
        execErrState: 'Error',
        severity: 'warning',
        summary: '${title} is above 100',
        description: '${ruleQuery} has been above 100 for 5 minutes.',
        runbookAnchor: '${githubSlug(`${title} high`)}',
        labels: { team: '${name}' },
      },
    ],
  };
}
`);

  files.set('docs/runbooks.md', `# Runbooks

## ${title} high

The alert fires when \`${ruleQuery}\` stays above 100 for 5 minutes.

1. Open the "${title} overview" dashboard and find when it started.
2. Check recent deploys and the upstream services.
3. Once it is back under 100, the alert resolves by itself.
`);

  files.set('tsconfig.json', `${JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, noEmit: true, types: [],
    },
    include: ['k2-grafana.config.ts', 'grafana'],
  }, null, 2)}\n`);

  files.set('.gitignore', 'node_modules/\n.k2-grafana/\n');
  return files;
}

/** What `init` adds to package.json: the verbs as npm scripts, and TypeScript for `npm run typecheck`. */
export const scaffoldScripts: Readonly<Record<string, string>> = {
  generate: 'k2-grafana generate',
  check: 'k2-grafana check',
  plan: 'k2-grafana plan',
  provision: 'k2-grafana provision',
  diff: 'k2-grafana diff',
  typecheck: 'tsc -p tsconfig.json',
};

export const scaffoldDevDependencies: Readonly<Record<string, string>> = { typescript: '~5.9.3' };

function alertName(title: string): string {
  return `${title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase()).replace(/^./, (c) => c.toUpperCase())}High`;
}

