// Public surface of src/render: re-exported by src/index.ts.
export {};
