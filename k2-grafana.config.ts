import { defineConfig } from './src/config/index.js';
import { k2LintPolicy } from './dashboards/lint-policy.js';

/** K2's project: its definitions, where they generate to, and (below) its house lint policy and its own verbs. */
export default defineConfig({
  definitions: './dashboards/index.ts',
  out: 'provisioning',
  // K2's house rules (a unit and a description on every panel, known metrics, runbook links) are errors here.
  lint: k2LintPolicy,
});
