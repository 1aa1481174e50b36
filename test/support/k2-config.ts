import { fileURLToPath } from 'node:url';

/**
 * K2's verbs (`simulate`, `demo`, `demo-target`) and annotation settings come from K2's config, not from the CLI.
 * A test whose working folder is a temporary one names the config, as a user outside the repository root would.
 */
export const k2ConfigPath = fileURLToPath(new URL('../../k2-grafana.config.ts', import.meta.url));
export const k2ConfigArgs: readonly string[] = ['--config', k2ConfigPath];
