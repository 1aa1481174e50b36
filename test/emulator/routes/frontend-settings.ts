// GET /api/frontend/settings, only the fields a client of the app-platform API reads: pkg/api/dtos/frontend_settings.go
// `FrontendSettingsDTO.Namespace` ("The K8s namespace to use for this user", `namespace,omitempty`) and
// `BuildInfo.version` (FrontendSettingsBuildInfoDTO). The rest of the (large) DTO is not emulated.
import { orgNamespace } from '../app-platform/objects.js';
import type { Route } from '../context.js';
import { ok } from '../reply.js';

const versionStrings = { '11.6': '11.6.4', '12.3': '12.3.1', '13.1': '13.1.0' } as const;

export const frontendSettingsRoutes: Route[] = [
  {
    method: 'GET', pattern: '/api/frontend/settings',
    handle: (ctx) => ok({ buildInfo: { version: versionStrings[ctx.version] }, namespace: orgNamespace(ctx.orgId) }),
  },
];
