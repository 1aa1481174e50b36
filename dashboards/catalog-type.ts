/**
 * The shape of the K2 catalog module. Dashboard and rule builders take a Catalog parameter (defaulting to the real
 * one) so tests can build them from a modified copy and see a threshold change flow into every artifact.
 */
export type Catalog = typeof import('./catalog.js');
