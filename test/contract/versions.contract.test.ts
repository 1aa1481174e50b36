// Contract: the behaviours the reference says changed between Grafana versions, checked on every emulated version in
// one run (§4 duplicate folder uid, §5.4 versions shape, §6.4 single-rule provenance mismatch, §5.2 meta.apiVersion).
// Emulator only: a real Grafana has one version, and the version-aware tests in the other files cover it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realGrafana } from './target.js';
import { startEmulator, type Emulator, type EmulatorVersion } from '../emulator/emulator.js';

const versions: EmulatorVersion[] = ['11.6', '12.3', '13.1'];

describe.skipIf(realGrafana).each(versions)('emulated Grafana %s', (version) => {
  let emu: Emulator;
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${emu.url}${path}`, {
      method, body: body === undefined ? undefined : JSON.stringify(body),
      headers: { Authorization: `Bearer ${emu.adminToken}`, 'Content-Type': 'application/json', ...headers },
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  };
  beforeAll(async () => {
    emu = await startEmulator({ version });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('§2: /api/health reports the version', async () => {
    expect((await call('GET', '/api/health')).json.version.startsWith(`${version}.`)).toBe(true);
  });

  it('§4: a duplicate folder uid is 409 legacy (11.x), 412 version-mismatch (12.x mapper), 409 "a folder with the same UID already exists" (13.x)', async () => {
    await call('POST', '/api/folders', { uid: 'dup', title: 'Dup' });
    const res = await call('POST', '/api/folders', { uid: 'dup', title: 'Dup' });
    const expected = {
      '11.6': { status: 409 },
      '12.3': { status: 412, json: { status: 'version-mismatch', message: 'the folder has been changed by someone else' } },
      '13.1': { status: 409, json: { message: 'a folder with the same UID already exists' } },
    }[version];
    expect(res).toMatchObject(expected);
  });

  it('§5.4: versions are a bare array before 12.x, {versions, continueToken} from 12.x', async () => {
    await call('POST', '/api/dashboards/db', { dashboard: { uid: 'v', title: 'V' } });
    const res = await call('GET', '/api/dashboards/uid/v/versions');
    if (version === '11.6') expect(Array.isArray(res.json)).toBe(true);
    else expect(res.json).toMatchObject({ versions: [{ version: 1, message: 'Initial save' }], continueToken: '' });
  });

  it('§6.4: single-rule PUT changing provenance api -> none is 500 before 13.1, 409 alerting.provenanceMismatch from 13.1', async () => {
    await call('POST', '/api/folders', { uid: 'rf', title: 'Rules' });
    const rule = {
      uid: 'pr', title: 'P', folderUID: 'rf', ruleGroup: 'g', condition: 'A', noDataState: 'NoData', execErrState: 'Error', for: '0s',
      data: [{ refId: 'A', datasourceUid: '__expr__', model: { type: 'math', expression: '1' } }],
    };
    expect((await call('POST', '/api/v1/provisioning/alert-rules', rule)).status).toBe(201);
    const res = await call('PUT', '/api/v1/provisioning/alert-rules/pr', rule, { 'X-Disable-Provenance': '' });
    if (version === '13.1') {
      expect(res).toEqual({ status: 409, json: { message: "cannot update with provided provenance '', needs 'api'", messageId: 'alerting.provenanceMismatch', statusCode: 409, traceID: '' } });
    } else {
      expect(res).toEqual({ status: 500, json: { message: 'Internal Server Error', traceID: '' } });
    }
  });
});
