import { defineConfig } from './src/config/project-config.js';

/** K2's project: its definitions, where they generate to, and (below) its house lint policy and its own verbs. */
export default defineConfig({
  definitions: './dashboards/index.ts',
  out: 'provisioning',
});
