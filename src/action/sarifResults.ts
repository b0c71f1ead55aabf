/** One SARIF result, as much of it as an annotation and the job summary show. */
export interface SarifResultSummary {
  readonly ruleId: string;
  readonly level: 'error' | 'warning' | 'note';
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly verdict?: string;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const arrayOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined);

/** The results of every run of a SARIF 2.1.0 log (the one `ospo-guide check --format sarif` prints). */
export function resultsOfSarif(log: unknown): SarifResultSummary[] {
  const runs = isObject(log) ? arrayOf(log.runs) : [];
  return runs.filter(isObject).flatMap((run) =>
    arrayOf(run.results)
      .filter(isObject)
      .map((result) => {
        const location = arrayOf(result.locations).find(isObject);
        const physical = isObject(location?.physicalLocation) ? location.physicalLocation : {};
        const artifact = isObject(physical.artifactLocation) ? physical.artifactLocation : {};
        const region = isObject(physical.region) ? physical.region : {};
        const level = text(result.level);
        const file = text(artifact.uri);
        const line = count(region.startLine);
        const column = count(region.startColumn);
        const verdict = isObject(result.properties) ? text(result.properties.verdict) : undefined;
        return {
          ruleId: text(result.ruleId) ?? 'finding',
          level: level === 'error' || level === 'note' ? level : 'warning',
          message: isObject(result.message) ? (text(result.message.text) ?? '') : '',
          ...(file !== undefined ? { file } : {}),
          ...(line !== undefined ? { line } : {}),
          ...(column !== undefined ? { column } : {}),
          ...(verdict !== undefined ? { verdict } : {}),
        };
      }),
  );
}
