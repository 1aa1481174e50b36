// Public surface of src/diff: re-exported by src/index.ts.
export {};
