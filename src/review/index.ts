// Public surface of src/review: re-exported by src/index.ts.
export {};
