// Public surface of src/simulation: re-exported by src/index.ts.
export {};
