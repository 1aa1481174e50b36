/**
 * Response helpers that reproduce the five Grafana error-body shapes of grafana-http-api.md §1.1 byte for byte
 * (Go marshals maps with sorted keys, so bodies re-marshalled from a map are alphabetical).
 */

export interface Reply {
  readonly status: number;
  /** JSON body (serialised compactly), or undefined for an empty body. */
  readonly json?: unknown;
  /** Raw text body (wins over json). */
  readonly text?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export const ok = (json: unknown, status = 200): Reply => ({ status, json });

/** §1.1 shape 5: `response.Empty(status)`: zero-length body. */
export const empty = (status: number): Reply => ({ status, text: '' });

/** §1.1 shape 1 with err == nil: `{"message": ...}` and no traceID. */
export const message = (status: number, text: string): Reply => ({ status, json: { message: text } });

/** §1.1 shape 1 with err != nil (and shape 4, ngalert ErrResp): `{"message": ..., "traceID": ""}`. */
export const messageWithTrace = (status: number, text: string): Reply => ({ status, json: { message: text, traceID: '' } });

/** §1.1 shape 2: DashboardErr with a status: `{"status": ..., "message": ...}`. */
export const statusMessage = (status: number, statusText: string, text: string): Reply => ({
  status,
  json: { status: statusText, message: text },
});

/** §1.1 shape 3: errutil public error re-marshalled with traceID (keys sorted; `extra` omitted when empty). */
export const errutil = (status: number, messageId: string, text: string): Reply => ({
  status,
  json: { message: text, messageId, statusCode: status, traceID: '' },
});

/** §1.2: 401 written by `ReqContext.WriteErrOrFallback`, which emits `"extra": null` explicitly. */
export const unauthorized = (messageId: string, text: string): Reply => ({
  status: 401,
  json: { extra: null, message: text, messageId, statusCode: 401, traceID: '' },
});

/** §1.2: 403 from RBAC route middleware `deny()`. */
export const accessDenied = (evaluator: string, accessErrorId: string): Reply => ({
  status: 403,
  json: {
    title: 'Access denied',
    message: `You'll need additional permissions to perform this action. Permissions needed: ${evaluator}`,
    accessErrorId,
  },
});
