/**
 * The write group of every kind stored in Grafana's one alertmanager configuration (contact points, notification
 * policies, mute timings, templates): it is saved with a hash check, so two of these writes in flight at once can
 * fail (409 in 13.x, 500 in 12.x; grafana-http-api.md 14.2). A kind declares `writeGroup: ALERTMANAGER_CONFIG`.
 */
export const ALERTMANAGER_CONFIG = 'alertmanager-config';
