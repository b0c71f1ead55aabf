import { clampRange } from './textRange';
import type { ManifestDependency, ManifestKind, ParsedManifest, ParseProblem } from './types';

/**
 * More problems than anyone reads in one file; a hostile file could otherwise hold one per line
 * (a quarter of a million objects, whose collection makes a parse superlinear).
 */
export const MAX_PROBLEMS = 100;

/**
 * Finishes a parse: at most MAX_PROBLEMS problems are kept, and every range is clamped to the text, so a parser working on a half-typed
 * document can never hand the editor a position past its end.
 */
export function manifestResult(
  kind: ManifestKind,
  text: string,
  dependencies: readonly ManifestDependency[],
  problems: readonly ParseProblem[],
): ParsedManifest {
  const length = text.length;
  return {
    kind,
    dependencies: dependencies.map((dependency) => {
      const nameRange = clampRange(dependency.nameRange, length);
      const specRange = dependency.specRange ? clampRange(dependency.specRange, length) : null;
      // clampRange hands back the same object when nothing moved: copy only what changed.
      return nameRange === dependency.nameRange && specRange === dependency.specRange ? dependency : { ...dependency, nameRange, specRange };
    }),
    problems: problems.slice(0, MAX_PROBLEMS).map((problem) => ({ ...problem, range: clampRange(problem.range, length) })),
  };
}
