import type { Ecosystem } from '../manifests/types';
import { specToRange } from '../policy/versions';

/**
 * Whether a requirement edited from `before` to `after` is on its way somewhere rather than meant:
 * `^4.1` becoming `^4.` or `v1.8.1` becoming `v1.`, a text the ecosystem cannot read where it could
 * before. Its verdict would only say "no data" for a moment, so the line keeps its last one.
 */
export function isHalfTypedSpec(ecosystem: Ecosystem, before: string | null, after: string | null): boolean {
  if (before === null || after === null || before === after) {
    return false;
  }
  return readable(ecosystem, before) && !readable(ecosystem, after);
}

function readable(ecosystem: Ecosystem, spec: string): boolean {
  const text = spec.trim();
  // Maven reads any text as a version; one that ends in a separator is still being typed.
  if (text === '' || '.-+,_'.includes(text.at(-1) ?? '')) {
    return false;
  }
  return specToRange(text, ecosystem) !== null;
}
