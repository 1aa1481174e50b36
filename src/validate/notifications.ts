import {
  definedTemplates, GRAFANA_DEFAULT_TEMPLATES, muteTimingsOf, templateProblems, timeIntervalProblems,
  type MuteTimingDefinition, type NotificationTemplateDefinition,
} from '../kinds/index.js';
import type { ProjectDefinition } from '../model/index.js';
import { finding, place, type Finding } from './place.js';

/**
 * Mute timings (`mute-timing-interval`), the policy's references to them (`policy-mute-timing`) and notification
 * templates (`template-syntax`). The checks themselves live beside their kinds (src/kinds/time-interval.ts,
 * template-check.ts): the same code the kinds normalise with.
 */
export function checkNotifications(project: ProjectDefinition): Finding[] {
  const issues: Finding[] = [];
  const muteTimings = (project.muteTimings ?? []) as readonly MuteTimingDefinition[];
  const names = new Set<string>();
  for (const { source, muteTiming } of muteTimings) {
    const at = place.of(source, `mute timing "${muteTiming.name}"`);
    if (names.has(muteTiming.name)) issues.push(finding(at, 'mute-timing-interval', 'another mute timing has this name: give each its own'));
    names.add(muteTiming.name);
    for (const problem of timeIntervalProblems(muteTiming.time_intervals as never)) {
      issues.push(finding(at, 'mute-timing-interval', `${problem} (Grafana refuses it: fix the interval)`));
    }
  }
  for (const { source, route } of project.policies ?? []) {
    for (const name of new Set(muteTimingsOf(route))) {
      if (!names.has(name)) {
        issues.push(finding(place.of(source, 'policy route'), 'policy-mute-timing', `mute_time_intervals names "${name}", which is not one of the project's mute timings: define it in muteTimings, or remove the reference`));
      }
    }
  }
  const templates = (project.templates ?? []) as readonly NotificationTemplateDefinition[];
  const known = new Set([...GRAFANA_DEFAULT_TEMPLATES, ...templates.flatMap((t) => definedTemplates(t.template.name, t.template.template))]);
  for (const { source, template } of templates) {
    const at = place.of(source, `notification template "${template.name}"`);
    for (const problem of templateProblems(template.name, template.template, known)) issues.push(finding(at, 'template-syntax', problem));
  }
  return issues;
}
