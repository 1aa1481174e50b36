// A provision process of its own (for the two-process tests): argv = url token project [lockDir]; prints the summary counts.
import { provision } from '../../src/apply/index.js';
import { createGrafanaClient } from '../../src/grafana/index.js';
import type { ProjectDefinition } from '../../src/model/index.js';

/** A project of one contact point and one policy route, all named after the project. */
export function alertingProject(name: string): ProjectDefinition {
  const source = 'test/provision/provision-child.ts';
  return {
    name,
    knownMetrics: [],
    contactPoints: [{ source, contactPoint: { uid: `${name}-hook`, name: `${name} hook`, type: 'webhook', settings: { url: `https://hooks.example.test/${name}` }, disableResolveMessage: false }, secretSettings: [] }],
    policies: [{ source, route: { receiver: `${name} hook`, object_matchers: [['team', '=', name]] } }],
  };
}

const [url, token, name, lockDir] = process.argv.slice(2);
if (url && token && name) {
  const client = createGrafanaClient({ url, token, proxy: false, timeoutMs: 20_000 });
  const result = await provision({ project: alertingProject(name), client, env: {}, ...(lockDir ? { lockDir } : {}) });
  process.stdout.write(JSON.stringify(result.summary?.counts ?? {}));
  process.exitCode = (result.summary?.counts.failed ?? 0) > 0 ? 4 : 0;
}
