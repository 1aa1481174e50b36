// Public surface of src/annotations: re-exported by src/index.ts.
export {};
