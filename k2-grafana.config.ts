// K2's k2-grafana project: its definitions and catalog (dashboards/), the generated files (provisioning/), its house
// lint policy, and K2's own verbs and annotation settings (k2/), registered here rather than built into the CLI.
import { defineConfig } from './src/config/index.js';
import { k2LintPolicy } from './dashboards/lint-policy.js';
import { k2Commands } from './k2/commands/index.js';
import { k2Annotations } from './k2/annotations.js';

export default defineConfig({
  definitions: './dashboards/index.ts',
  out: 'provisioning',
  // K2's house rules (a unit and a description on every panel, known metrics, runbook links) are errors here.
  lint: k2LintPolicy,
  commands: k2Commands,
  annotations: k2Annotations,
});
