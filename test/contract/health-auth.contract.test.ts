// Contract: §2 health, §1.2 authentication and organisation, §10 route permissions (RBAC 403 body).
// Expected values are literals from ../shared/reference/grafana-http-api.md, not the emulator's output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realGrafana, target, traceID, type ContractTarget } from './target.js';

const viewerToken = 'glsa_contract_viewer';
let t: ContractTarget;
beforeAll(async () => {
  t = await target({
    orgs: [1, 2],
    tokens: {
      glsa_contract_admin: { role: 'Admin' },
      [viewerToken]: { role: 'Viewer' },
      glsa_contract_expired: { role: 'Admin', expired: true },
      glsa_contract_revoked: { role: 'Admin', revoked: true },
      glsa_contract_org2: { role: 'Admin', orgId: 2 },
    },
  });
});
afterAll(async () => {
  await t.close();
});
const emulatorOnly = it.skipIf(realGrafana);

describe('§2 GET /api/health', () => {
  it('§2: 200 without credentials, database "ok", pretty-printed with 2-space indent', async () => {
    const res = await t.call('GET', '/api/health', { auth: false });
    expect(res.status).toBe(200);
    expect(res.json.database).toBe('ok');
    expect(typeof res.json.version).toBe('string');
    expect(res.text).toMatch(/^\{\n {2}"database": "ok"/);
    expect(res.headers.get('content-type')).toBe('application/json; charset=UTF-8');
  });

  emulatorOnly('§2: 503 with "database": "failing" when the database probe fails (emulator: needs a broken database)', async () => {
    t.emulator!.setDatabaseHealthy(false);
    try {
      const res = await t.call('GET', '/api/health', { auth: false });
      expect(res.status).toBe(503);
      expect(res.json.database).toBe('failing');
    } finally {
      t.emulator!.setDatabaseHealthy(true);
    }
  });
});

describe('§1.2 401 bodies', () => {
  it('§1.2: no credentials -> 401 auth.unauthorized with "extra": null', async () => {
    const res = await t.call('GET', '/api/folders', { auth: false });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ extra: null, message: 'Unauthorized', messageId: 'auth.unauthorized', statusCode: 401, traceID });
  });

  it('§1.2: bad token -> 401 api-key.invalid "Invalid API key"', async () => {
    const res = await t.call('GET', '/api/folders', { auth: 'Bearer glsa_this_token_does_not_exist_0000' });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ message: 'Invalid API key', messageId: 'api-key.invalid', statusCode: 401 });
  });

  emulatorOnly('§1.2: wrong password -> 401 password-auth.failed (emulator: avoids login lockout on a real server)', async () => {
    const res = await t.call('GET', '/api/folders', { auth: `Basic ${Buffer.from('admin:wrong').toString('base64')}` });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ message: 'Invalid username or password', messageId: 'password-auth.failed', statusCode: 401 });
  });

  emulatorOnly('§1.2: expired and revoked tokens (emulator: needs such tokens)', async () => {
    const expired = await t.call('GET', '/api/folders', { auth: 'Bearer glsa_contract_expired' });
    expect(expired.json).toMatchObject({ message: 'Expired API key', messageId: 'api-key.expired', statusCode: 401 });
    const revoked = await t.call('GET', '/api/folders', { auth: 'Bearer glsa_contract_revoked' });
    expect(revoked.json).toMatchObject({ message: 'Revoked API key', messageId: 'api-key.revoked', statusCode: 401 });
  });

  emulatorOnly('§1.2: a token used against another org -> 401 api-key.organization-mismatch (emulator: needs two orgs)', async () => {
    const res = await t.call('GET', '/api/folders', { auth: 'Bearer glsa_contract_admin', headers: { 'X-Grafana-Org-Id': '2' } });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ message: 'API key does not belong to the requested organization', messageId: 'api-key.organization-mismatch' });
  });

  emulatorOnly('§1.2: X-Grafana-Org-Id selects the org; targetOrgId in the query wins over the header', async () => {
    const basic = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
    const created = await t.call('POST', '/api/folders', { auth: basic, headers: { 'X-Grafana-Org-Id': '2' }, body: { uid: 'org2-only', title: 'Org 2' } });
    expect(created.status).toBe(200);
    expect((await t.call('GET', '/api/folders/org2-only', { auth: basic, headers: { 'X-Grafana-Org-Id': '2' } })).status).toBe(200);
    expect((await t.call('GET', '/api/folders/org2-only', { auth: basic, headers: { 'X-Grafana-Org-Id': '1' } })).status).toBe(404);
    expect((await t.call('GET', '/api/folders/org2-only', { auth: basic, headers: { 'X-Grafana-Org-Id': '1' }, query: { targetOrgId: '2' } })).status).toBe(200);
    expect((await t.call('GET', '/api/folders/org2-only', { auth: 'Bearer glsa_contract_org2' })).status).toBe(200);
  });
});

describe('§10 RBAC 403', () => {
  const viewer = process.env.GRAFANA_VIEWER_TOKEN ?? (realGrafana ? undefined : viewerToken);
  it.skipIf(viewer === undefined)('§1.2/§10: a Viewer token creating a folder -> 403 "Access denied" naming folders:create (real Grafana: set GRAFANA_VIEWER_TOKEN)', async () => {
    const res = await t.call('POST', '/api/folders', { auth: `Bearer ${viewer}`, body: { title: `${t.run} viewer` } });
    expect(res.status).toBe(403);
    expect(res.json).toEqual({
      title: 'Access denied',
      message: "You'll need additional permissions to perform this action. Permissions needed: folders:create",
      accessErrorId: expect.stringMatching(/^ACE\d+$/),
    });
  });

  it.skipIf(viewer === undefined)('§10: the Viewer token can read (folders:read) but not provision alerting', async () => {
    expect((await t.call('GET', '/api/folders', { auth: `Bearer ${viewer}` })).status).toBe(200);
    const res = await t.call('GET', '/api/v1/provisioning/alert-rules', { auth: `Bearer ${viewer}` });
    expect(res.status).toBe(403);
  });
});
