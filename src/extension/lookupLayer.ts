import type * as LookupLayer from '../core/data/lookupLayer';

/**
 * The registry clients and deps.dev, loaded the first time they are needed: most sessions never
 * look anything up, and activation does not pay for parsing them. In the bundle this require names
 * dist/lookups.js, a bundle of its own (esbuild.config.mjs); under tsc it is the module itself.
 */
export function lookupLayer(): typeof LookupLayer {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous, lazy load; see above
  return require('../core/data/lookupLayer') as typeof LookupLayer;
}
