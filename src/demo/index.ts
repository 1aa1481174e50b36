// Public surface of src/demo: re-exported by src/index.ts.
export {};
