// Public surface of src/kinds: re-exported by src/index.ts.
export {};
