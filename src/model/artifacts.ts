/**
 * Generated artifacts: file contents keyed by their path relative to `provisioning/`, in Grafana's
 * file-provisioning layout (dashboards/, alerting/, datasources/). Insertion order is sorted by path.
 */
export type ArtifactSet = ReadonlyMap<string, string>;
