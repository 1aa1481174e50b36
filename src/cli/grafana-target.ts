import type { Options } from 'yargs';
import { resolveGrafana, type ResolvedGrafana } from '../config/resolve-grafana.js';
import type { CommandContext } from './command.js';
import type { CliIO } from './io.js';

/** Flags of every verb that contacts Grafana. */
export interface GrafanaArgs {
  context?: string;
  url?: string;
  'org-id'?: number;
  verbose: boolean;
}

export const grafanaOptions = {
  context: { type: 'string', describe: "Grafana instance from the config's contexts (default: its defaultContext, or its only one)" },
  url: { type: 'string', describe: 'Grafana base URL (wins over GRAFANA_URL and the context)' },
  'org-id': { type: 'number', describe: 'Grafana organisation id (wins over GRAFANA_ORG_ID and the context)' },
} as const satisfies Record<string, Options>;

/** The Grafana a verb talks to, with `--verbose` saying where each setting came from (never a credential's value). */
export function grafanaFor(args: GrafanaArgs, io: CliIO, context: CommandContext): ResolvedGrafana {
  const resolved = resolveGrafana({
    config: context.config,
    context: args.context,
    flags: { ...(args.url !== undefined ? { url: args.url } : {}), ...(args['org-id'] !== undefined ? { orgId: args['org-id'] } : {}) },
    env: io.env,
  });
  if (args.verbose) {
    if (context.config) io.stderr(`config: ${context.config.path}\n`);
    for (const { setting, source } of resolved.sources) io.stderr(`${setting}: ${source}\n`);
  }
  return resolved;
}
