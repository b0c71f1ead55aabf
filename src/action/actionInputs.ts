/** The action's inputs (action.yml), checked: a typo in a workflow fails the step with a sentence, not a silent default. */
export interface ActionInputs {
  readonly paths: readonly string[];
  readonly policy?: string;
  readonly publicKey?: string;
  readonly failOn: 'deny' | 'review' | 'never';
  readonly transitive: boolean;
  readonly offline: boolean;
  readonly sarifFile: string;
}

const FAIL_ON = ['deny', 'review', 'never'] as const;

/**
 * GitHub passes input `name` as the variable `INPUT_<NAME>` (upper case, spaces as `_`, hyphens
 * kept), with action.yml's default when the workflow gives none.
 */
export function readActionInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const input = (name: string): string => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
  const failOn = input('fail-on') || 'deny';
  const found = FAIL_ON.find((value) => value === failOn);
  if (found === undefined) {
    throw new Error(`the input fail-on must be one of ${FAIL_ON.join(', ')}, not '${failOn}'`);
  }
  const sarifFile = input('sarif-file') || 'ospo-guide.sarif';
  if (/[\r\n]/.test(sarifFile)) {
    throw new Error('the input sarif-file must be one line');
  }
  const policy = input('policy');
  const publicKey = input('public-key');
  return {
    paths: input('path').split(/\s+/).filter((item) => item !== ''),
    ...(policy !== '' ? { policy } : {}),
    ...(publicKey !== '' ? { publicKey } : {}),
    failOn: found,
    transitive: booleanInput('transitive', input('transitive')),
    offline: booleanInput('offline', input('offline')),
    sarifFile,
  };
}

/** YAML 1.2's core schema booleans, as @actions/core's getBooleanInput accepts them. */
function booleanInput(name: string, value: string): boolean {
  if (value === '' || ['false', 'False', 'FALSE'].includes(value)) {
    return false;
  }
  if (['true', 'True', 'TRUE'].includes(value)) {
    return true;
  }
  throw new Error(`the input ${name} must be true or false, not '${value}'`);
}
