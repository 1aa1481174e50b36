import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/model/index.js';
import { dashboardSchemaViolations } from '../../src/validate/index.js';
import { checkDashboardSchema } from '../../src/validate/schema.js';
import { deriveDashboardSchema, SCHEMA_FILE, standaloneValidators, VALIDATORS_FILE } from '../../scripts/derive-dashboard-schema.js';
import { DASHBOARD_SOURCE, validProject } from './fixture.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('dashboard JSON Schema', () => {
  it('committed schema equals a fresh derivation from @grafana/schema (run `npm run schema` if not)', () => {
    const committed = readFileSync(`${root}${SCHEMA_FILE}`, 'utf8');
    expect(deriveDashboardSchema(root)).toBe(committed);
  }, 180_000); // builds a TypeScript program: seconds on an idle machine, more on a loaded 2-core one

  it('committed validators are the standalone code of the committed schema (run `npm run schema` if not)', () => {
    const schema = readFileSync(`${root}${SCHEMA_FILE}`, 'utf8');
    expect(standaloneValidators(schema)).toBe(readFileSync(`${root}${VALIDATORS_FILE}`, 'utf8'));
  });

  it('is strict where Grafana is: the root Dashboard type forbids unknown properties', () => {
    const schema = JSON.parse(readFileSync(`${root}${SCHEMA_FILE}`, 'utf8'));
    expect(schema.definitions.Dashboard.additionalProperties).toBe(false);
    expect(schema.definitions.GridPos.required).toEqual(['h', 'w', 'x', 'y']);
  });

  it('accepts the valid fixture dashboard', () => {
    expect(dashboardSchemaViolations(validProject().dashboards[0].dashboard)).toEqual([]);
  });

  it('rejects a broken gridPos with its JSON pointer', () => {
    const dashboard = validProject().dashboards[0].dashboard;
    dashboard.panels[2].gridPos = { x: 0, y: 'top', w: 12 };
    expect(dashboardSchemaViolations(dashboard)).toEqual([
      { instancePath: '/panels/2/gridPos', message: 'missing required property "h"' },
      { instancePath: '/panels/2/gridPos/y', message: 'must be number' },
    ]);
  });

  it('maps a violation to the panel it sits under, including children of collapsed rows', () => {
    const definition = validProject().dashboards[0];
    definition.dashboard.panels[3].panels[0].gridPos.w = 'wide';
    definition.dashboard.panels[3].panels[0].pluginVersion = 12;
    expect(checkDashboardSchema(definition).map(formatIssue)).toEqual([
      `${DASHBOARD_SOURCE} > dashboard "Demo" > panel "Errors": does not match Grafana's dashboard schema: gridPos.w must be number`,
      `${DASHBOARD_SOURCE} > dashboard "Demo" > panel "Errors": does not match Grafana's dashboard schema: pluginVersion must be string`,
    ]);
  });

  it('checks a row against the row shape, not the panel shape', () => {
    const definition = validProject().dashboards[0];
    delete definition.dashboard.panels[0].collapsed;
    expect(checkDashboardSchema(definition).map(formatIssue)).toEqual([
      `${DASHBOARD_SOURCE} > dashboard "Demo" > row "Overview": does not match Grafana's dashboard schema: missing required property "collapsed"`,
    ]);
  });

  it('reports dashboard-level violations against the dashboard', () => {
    const definition = validProject().dashboards[0];
    definition.dashboard.schemaVersion = '42';
    definition.dashboard.graphTooltip = 5;
    expect(checkDashboardSchema(definition).map(formatIssue)).toEqual([
      `${DASHBOARD_SOURCE} > dashboard "Demo": does not match Grafana's dashboard schema: graphTooltip must be one of 1, 0, 2`,
      `${DASHBOARD_SOURCE} > dashboard "Demo": does not match Grafana's dashboard schema: schemaVersion must be number`,
    ]);
  });

  it('reports a panels field that is not a list', () => {
    const dashboard = validProject().dashboards[0].dashboard;
    dashboard.panels = { first: dashboard.panels[0] };
    expect(dashboardSchemaViolations(dashboard)).toEqual([{ instancePath: '/panels', message: 'must be array' }]);
  });

  it('summarises a value matching none of a union instead of listing every branch', () => {
    const definition = validProject().dashboards[0];
    definition.dashboard.panels[2].fieldConfig.defaults.mappings = [{ type: 'value', options: 'OK' }];
    expect(checkDashboardSchema(definition).map(formatIssue)).toEqual([
      `${DASHBOARD_SOURCE} > dashboard "Demo" > panel "Level": does not match Grafana's dashboard schema: fieldConfig.defaults.mappings.0 matches none of the shapes ValueMapping allows`,
    ]);
  });
});
