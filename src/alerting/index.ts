// Public surface of src/alerting: re-exported by src/index.ts.
export {};
