/** The emulator's in-memory store: one OrgState per Grafana organisation. Tests may read and seed it directly. */

export interface FolderRecord {
  /** When it was first saved (ms), for the search lag of grafana-http-api.md 14.6. */
  indexedAt?: number;
  id: number;
  uid: string;
  title: string;
  description?: string;
  parentUid?: string;
  version: number;
  created: string;
  updated: string;
  createdBy: string;
  updatedBy: string;
  /** app-platform metadata (test/emulator/app-platform): labels and annotations as a client sent them, Grafana's own keys excluded. */
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Changes on every write; assigned on first read when a write (or a test's seed) left it unset. */
  resourceVersion?: number;
}

export interface DashboardVersionRecord {
  id: number;
  dashboardId: number;
  uid: string;
  parentVersion: number;
  restoredFrom: number;
  version: number;
  created: string;
  createdBy: string;
  message: string;
  data: Record<string, unknown>;
}

export interface DashboardRecord {
  /** When it was first saved (ms), for the search lag of grafana-http-api.md 14.6. */
  indexedAt?: number;
  id: number;
  uid: string;
  title: string;
  folderUid: string;
  /** The stored JSON, with id / uid / version / title forced to the stored values. */
  json: Record<string, unknown>;
  version: number;
  tags: string[];
  created: string;
  updated: string;
  createdBy: string;
  updatedBy: string;
  /** File-provisioned with `allowUiUpdates: false` (§5.1 item 8, §12.2): API saves and deletes are refused. */
  provisioned?: boolean;
  /** The dashboard API version it is stored at (app-platform/conversion.ts); unset: where this version's classic save puts it. */
  storedVersion?: string;
  versions: DashboardVersionRecord[];
  /** app-platform metadata (test/emulator/app-platform): labels and annotations as a client sent them, Grafana's own keys excluded. */
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Changes on every write; assigned on first read when a write (or a test's seed) left it unset. */
  resourceVersion?: number;
}

export interface AlertQuery {
  refId: string;
  queryType?: string;
  relativeTimeRange?: { from: number; to: number };
  datasourceUid: string;
  model: Record<string, unknown>;
}

/** ProvisionedAlertRule (§6.1) as stored. */
export interface RuleRecord {
  id: number;
  uid: string;
  orgID: number;
  folderUID: string;
  ruleGroup: string;
  title: string;
  condition: string;
  data: AlertQuery[];
  updated: string;
  noDataState: string;
  execErrState: string;
  for: string;
  keep_firing_for: string;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  provenance: string;
  isPaused: boolean;
  notification_settings: Record<string, unknown> | null;
  record: Record<string, unknown> | null;
  missingSeriesEvalsToResolve?: number;
  /** Insertion order inside its group. */
  groupIndex: number;
}

export interface ContactPointRecord {
  uid: string;
  name: string;
  type: string;
  settings: Record<string, unknown>;
  disableResolveMessage: boolean;
  provenance: string;
}

export interface PolicyRoute {
  receiver?: string;
  group_by?: string[];
  object_matchers?: [string, string, string][];
  continue?: boolean;
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  mute_time_intervals?: string[];
  active_time_intervals?: string[];
  routes?: PolicyRoute[];
  provenance?: string;
  [key: string]: unknown;
}

export interface DatasourceRecord {
  id: number;
  uid: string;
  orgId: number;
  name: string;
  type: string;
  access: string;
  url: string;
  user: string;
  database: string;
  basicAuth: boolean;
  basicAuthUser: string;
  withCredentials: boolean;
  isDefault: boolean;
  jsonData: Record<string, unknown>;
  secureJsonData: Record<string, string>;
  version: number;
  readOnly: boolean;
}

export interface AnnotationRecord {
  id: number;
  alertId: number;
  dashboardId: number;
  dashboardUID: string;
  panelId: number;
  userId: number;
  created: number;
  updated: number;
  time: number;
  timeEnd: number;
  text: string;
  tags: string[];
  data: Record<string, unknown>;
  login: string;
  email: string;
}

export interface OrgState {
  readonly orgId: number;
  folders: Map<string, FolderRecord>;
  dashboards: Map<string, DashboardRecord>;
  rules: Map<string, RuleRecord>;
  /** Rule-group intervals in seconds, keyed `${folderUid}/${group}`. */
  groupIntervals: Map<string, number>;
  contactPoints: Map<string, ContactPointRecord>;
  policy: PolicyRoute;
  datasources: Map<string, DatasourceRecord>;
  annotations: Map<number, AnnotationRecord>;
  /** The alertmanager configuration's hash, bumped by every save (grafana-http-api.md 14.2). */
  amConfigHash: number;
  /** Labels and annotations of the app-platform routing tree `user-defined` (the classic tree has no metadata). */
  routingTreeMeta?: { labels: Record<string, string>; annotations: Record<string, string> };
}

/** The default receiver and root policy a fresh Grafana has (§7.1 "Defaults to seed in a double"). */
export const defaultReceiverName = 'grafana-default-email';
export const defaultPolicy = (): PolicyRoute => ({
  receiver: defaultReceiverName,
  group_by: ['grafana_folder', 'alertname'],
});

export function createOrgState(orgId: number, defaultContactPointUid: string): OrgState {
  return {
    orgId,
    folders: new Map(),
    dashboards: new Map(),
    rules: new Map(),
    groupIntervals: new Map(),
    contactPoints: new Map([
      [
        defaultContactPointUid,
        {
          uid: defaultContactPointUid,
          name: defaultReceiverName,
          type: 'email',
          settings: { addresses: '<example@email.com>' },
          disableResolveMessage: false,
          provenance: '',
        },
      ],
    ]),
    policy: defaultPolicy(),
    datasources: new Map(),
    annotations: new Map(),
    amConfigHash: 0,
  };
}
