// Public surface of src/definitions: re-exported by src/index.ts.
export {};
