// Public surface of src/grafana: re-exported by src/index.ts.
export {};
