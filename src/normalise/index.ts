// Public surface of src/normalise: re-exported by src/index.ts.
export {};
