import type { ResolverTable } from './inventory';
import { resolveCargo } from './cargo';
import { resolveComposer } from './composer';
import { resolveGo } from './go';
import { resolveMaven } from './maven';
import { resolveNpm } from './npm';
import { resolvePypi } from './pypi';
import { resolveRubygems } from './rubygems';

/** One offline resolver per ecosystem: lockfiles, installed packages and local caches. */
export const RESOLVERS: ResolverTable = {
  npm: resolveNpm,
  pypi: resolvePypi,
  cargo: resolveCargo,
  go: resolveGo,
  maven: resolveMaven,
  rubygems: resolveRubygems,
  composer: resolveComposer,
};
