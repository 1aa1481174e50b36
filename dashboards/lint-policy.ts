import type { LintConfig } from '../src/index.js';

/**
 * K2's house rules, on top of the library's defaults: every panel is titled, described and has a unit, every query
 * names only metrics of K2's catalog, and every alert rule carries its summary, description, runbook link (to a
 * heading that exists) and severity label. The demo audience reads the panels cold, and on-call follows the links.
 */
export const k2LintPolicy: LintConfig = {
  rules: {
    'panel-title': 'error',
    'panel-description': 'error',
    'panel-unit': 'error',
    'promql-unknown-metric': 'error',
    'rule-annotation': 'error',
    'rule-label': 'error',
    'runbook-file': 'error',
    'runbook-url': 'error',
    'runbook-anchor': 'error',
  },
};
