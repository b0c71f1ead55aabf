import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * How we run git in a folder we do not trust: its `.git/config` (and whatever it includes) may
 * name programs for git to run. Everything that can name a program on the way of the commands we
 * run is overridden here, in one place, for the extension and the CLI alike.
 *
 * Why this holds: git reads the command scope (`-c` and `GIT_CONFIG_COUNT`) after the system,
 * global, local and worktree files, the last value wins, and an included file is read in place of
 * its `include.path`/`includeIf` line, so inside the local scope (git-config(1), "FILES", "SCOPES",
 * "Includes"; git(1) `-c`). Where a more specific key beats a general one whatever its scope
 * (`protocol.<name>.allow` over `protocol.allow`), an environment variable that replaces the
 * configuration is used instead (`GIT_ALLOW_PROTOCOL`, git(1)).
 */
const OVERRIDES: readonly (readonly [key: string, value: string])[] = [
  // A signature check runs the gpg, ssh-keygen or gpgsm program the repository names.
  ['log.showSignature', 'false'],
  ['gpg.program', ''],
  ['gpg.openpgp.program', ''],
  ['gpg.ssh.program', ''],
  ['gpg.x509.program', ''],
  ['gpg.ssh.defaultKeyCommand', ''],
  // Empty, not `false`: git 2.35 and older take `false` for the name of a hook program.
  ['core.fsmonitor', ''],
  ['core.hooksPath', '/dev/null'],
  ['core.pager', 'cat'],
  ['core.editor', ':'],
  ['sequence.editor', ':'],
  ['diff.external', ''],
  // A missing object in a partial clone is fetched from the repository's promisor remote: its
  // transport may run `core.sshCommand`, `core.gitProxy`, `remote.*.uploadpack`, an `ext::`
  // command, an askpass or a credential helper.
  ['protocol.allow', 'never'],
  ['core.sshCommand', ''],
  ['core.gitProxy', ''],
  ['core.askPass', ''],
  ['credential.helper', ''],
];

const MAX_REASON_CHARS = 300;

/** Global options before the subcommand. */
const GLOBAL_OPTIONS = ['--no-pager', '--no-optional-locks'];

/** Environment of every guest git: the inherited `GIT_*` variables are dropped (they could point git elsewhere), these set. */
const GUEST_ENV: Readonly<Record<string, string>> = {
  // Only the repository's own configuration and ours: the system and user files are skipped so
  // that no setting there (a signature check, a pager, an fsmonitor daemon) slows or prompts us.
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_ATTR_NOSYSTEM: '1',
  // An empty list allows no transport at all, whatever `protocol.<name>.allow` the repository sets.
  GIT_ALLOW_PROTOCOL: '',
  GIT_PROTOCOL_FROM_USER: '0',
  // git 2.44 and later: never fetch a missing object of a partial clone.
  GIT_NO_LAZY_FETCH: '1',
  GIT_TERMINAL_PROMPT: '0',
  // Set and empty: git asks no askpass program, not even `core.askPass` or `SSH_ASKPASS`.
  GIT_ASKPASS: '',
  SSH_ASKPASS: '',
  GIT_PAGER: 'cat',
  GIT_EDITOR: ':',
  GIT_SEQUENCE_EDITOR: ':',
  GIT_OPTIONAL_LOCKS: '0',
};

/**
 * The arguments and environment for `git <args>` in `folder`, which git may not leave upwards
 * (a workspace folder is no repository of its own just because a parent is one).
 */
function guestGitInvocation(folder: string, args: readonly string[], inherited: NodeJS.ProcessEnv): { args: string[]; env: Record<string, string> } {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(inherited)) {
    if (value !== undefined && !name.toUpperCase().startsWith('GIT_')) {
      env[name] = value;
    }
  }
  Object.assign(env, GUEST_ENV, { GIT_CEILING_DIRECTORIES: path.dirname(folder) });
  const overrides = OVERRIDES.flatMap(([key, value]) => ['-c', `${key}=${value}`]);
  return { args: [...GLOBAL_OPTIONS, ...overrides, ...args], env };
}

export type GuestGitResult = { readonly ok: true; readonly stdout: string } | { readonly ok: false; readonly reason: string };

export interface GuestGitLimits {
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

/** Runs `git <args>` in `folder` as a guest; never rejects. */
export function runGuestGit(folder: string, args: readonly string[], limits: GuestGitLimits): Promise<GuestGitResult> {
  const git = gitExecutable(process.env);
  if (git === null) {
    return Promise.resolve({ ok: false, reason: 'git was not found on the PATH' });
  }
  const { args: fullArgs, env } = guestGitInvocation(folder, args, process.env);
  return new Promise((resolve) => {
    execFile(git, fullArgs, { cwd: folder, env, timeout: limits.timeoutMs, maxBuffer: limits.maxBytes, windowsHide: true, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve(error ? { ok: false, reason: failureReason(error, stderr, limits) } : { ok: true, stdout });
    });
  });
}

/** git's own first word on the failure (e.g. "fatal: detected dubious ownership …"), not the command line. */
function failureReason(error: Error & { killed?: boolean; code?: unknown }, stderr: string, limits: GuestGitLimits): string {
  if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
    return `git answered with more than ${limits.maxBytes} bytes`;
  }
  if (error.killed) {
    return `git did not answer within ${limits.timeoutMs} ms`;
  }
  const said = stderr.split('\n').find((line) => line.trim() !== '');
  return (said ?? error.message.split('\n')[0]).trim().slice(0, MAX_REASON_CHARS);
}

/**
 * git's absolute path from the absolute entries of PATH. Given a bare `git`, Windows looks in the
 * working directory first, which here is the workspace: a `git.exe` there would run.
 */
function gitExecutable(env: NodeJS.ProcessEnv): string | null {
  const windows = process.platform === 'win32';
  const pathValue = Object.entries(env).find(([name]) => (windows ? name.toUpperCase() === 'PATH' : name === 'PATH'))?.[1] ?? '';
  for (const folder of pathValue.split(path.delimiter)) {
    if (!path.isAbsolute(folder)) {
      continue;
    }
    const candidate = path.join(folder, windows ? 'git.exe' : 'git');
    try {
      if (statSync(candidate).isFile()) {
        accessSync(candidate, constants.X_OK);
        return candidate;
      }
    } catch {
      // Not here: the next entry.
    }
  }
  return null;
}
