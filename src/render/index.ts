// Public surface of src/render: re-exported by src/index.ts.
export { generate, type GenerateOptions } from './generate.js';
export { writeArtifacts, readManifest, type WriteResult } from './write-artifacts.js';
export { compareArtifacts, unreviewedFiles } from './compare-artifacts.js';
export { MANIFEST_FILE } from './manifest.js';
export { canonicalJson as renderJson, canonicalYaml as renderYaml } from './canonical.js';
