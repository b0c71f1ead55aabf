/** Manifests above this size are not parsed: no real manifest comes close, and a hostile one must not stall the editor. */
export const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;
