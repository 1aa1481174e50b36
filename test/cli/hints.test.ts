/**
 * Issue 15 §1: hints name only flags that exist on the verb at hand. Every hint a Grafana error can produce, as each
 * built-in verb prints it (src/cli/hints.ts adds flag advice from the verb's own options), mentions only that verb's
 * flags; the advice appears where the flag exists.
 */
import yargs from 'yargs';
import { describe, expect, it } from 'vitest';
import { builtInVerbs } from '../../src/cli/commands/index.js';
import type { CliCommand } from '../../src/cli/command.js';
import { flagsMentioned, hintFor, type VerbInfo } from '../../src/cli/hints.js';
import type { CliIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { errorForStatus, GrafanaUnreachableError, NotGrafanaError, type GrafanaApiError, type GrafanaErrorDetails } from '../../src/grafana/index.js';

const commands: CliCommand<any>[] = await Promise.all(builtInVerbs.map((verb) => verb.load()));

function verbInfo(name: string): VerbInfo {
  const command = commands.find((c) => c.name === name)!;
  const built = command.builder(yargs([])) as unknown as { getOptions(): { key: Record<string, unknown> } };
  return { name, flags: new Set(Object.keys(built.getOptions().key)), json: false };
}

const request = { method: 'POST', path: '/api/dashboards/db', subject: 'dashboard "X"' };
const base = 'http://grafana.example.test';

/** Every kind of Grafana error the client raises, in the variants that change its hint. */
function everyGrafanaError(): GrafanaApiError[] {
  const errors: GrafanaApiError[] = [];
  for (const errorCode of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN', 'ENOTFOUND', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID']) {
    for (const attempts of [1, 6]) errors.push(new GrafanaUnreachableError({ ...request, attempts, errorCode }, base));
  }
  errors.push(new NotGrafanaError({ ...request, attempts: 1, status: 200 }, base, 'an HTML page'));
  const messageIds = [undefined, 'auth.unauthorized', 'api-key.invalid', 'api-key.expired', 'api-key.revoked', 'api-key.organization-mismatch', 'password-auth.failed', 'alerting.provenanceMismatch'];
  const messages = [undefined, "You'll need additional permissions to perform this action. Permissions needed: dashboards:write", 'Access denied to save dashboard'];
  for (const status of [400, 401, 403, 404, 409, 412, 413, 422, 429, 500, 502, 503, 504]) {
    for (const messageId of messageIds) {
      for (const grafanaMessage of messages) {
        for (const attempts of [1, 3]) {
          for (const path of ['/api/dashboards/db', '/api/search', '/api/folders/x', '/api/v1/provisioning/policies']) {
            const details: GrafanaErrorDetails = { ...request, path, status, attempts, messageId, grafanaMessage };
            errors.push(errorForStatus(details), errorForStatus(details, true));
          }
        }
      }
    }
  }
  return errors;
}

describe('hints name only flags the verb has', () => {
  const errors = everyGrafanaError();

  it.each(commands.map((c) => [c.name]))('%s', (name) => {
    const verb = verbInfo(name);
    const wrong = new Set<string>();
    for (const error of errors) {
      for (const flag of flagsMentioned(hintFor(error, verb))) if (!verb.flags.has(flag)) wrong.add(`--${flag} in "${hintFor(error, verb)}"`);
    }
    expect([...wrong]).toEqual([]);
  });

  it('library hints name no flag at all (the CLI adds them per verb)', () => {
    expect(errors.flatMap((e) => flagsMentioned(e.hint))).toEqual([]);
  });

  it('the advice appears where the flag exists, and only there', () => {
    const rateLimited = errorForStatus({ ...request, status: 429, attempts: 6 });
    expect(hintFor(rateLimited, verbInfo('provision'))).toMatch(/Lower --concurrency/);
    // init has neither --concurrency nor --retry-budget.
    expect(hintFor(rateLimited, verbInfo('init'))).not.toMatch(/--/);
    const timedOut = new GrafanaUnreachableError({ ...request, attempts: 2, errorCode: 'ETIMEDOUT' }, base);
    expect(hintFor(timedOut, verbInfo('plan'))).toMatch(/GRAFANA_TIMEOUT.*--timeout <seconds>/);
    expect(hintFor(timedOut, verbInfo('annotate'))).toMatch(/GRAFANA_TIMEOUT.*--timeout <seconds>/);
    expect(hintFor(timedOut, verbInfo('init'))).toMatch(/GRAFANA_TIMEOUT/);
    expect(hintFor(timedOut, verbInfo('init'))).not.toMatch(/--timeout/);
  });

  it('end to end: provision against nothing listening prints no flag provision lacks', async () => {
    let stderr = '';
    const io: CliIO = { stdout: () => undefined, stderr: (t) => void (stderr += t), env: { GRAFANA_URL: 'http://127.0.0.1:9', GRAFANA_TOKEN: 'glsa_x', K2_ALERT_WEBHOOK_URL: 'https://hooks.example.test/x' }, cwd: process.cwd(), isTTY: false };
    const code = await runCli(['provision', '--retry-budget', '0.5'], io);
    expect(code).toBe(3);
    const verb = verbInfo('provision');
    const hints = stderr.split('\n').filter((line) => line.startsWith('hint: '));
    expect(hints.length).toBeGreaterThan(0);
    for (const hint of hints) for (const flag of flagsMentioned(hint)) expect(verb.flags.has(flag), `${flag} in ${hint}`).toBe(true);
    expect(stderr).not.toMatch(/--insecure|--wait/);
  }, 30_000);
});
