// Public surface of src/plan: re-exported by src/index.ts.
export {};
