// Public surface of src/apply: re-exported by src/index.ts.
export {};
