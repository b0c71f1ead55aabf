import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gitRepoIdentity } from '../../src/cli/gitRemote';
import { runGuestGit } from '../../src/core/git/guestGit';
import { recentCommitMessages } from '../../src/core/git/recentCommits';
import { gitConfigRemoteList, gitConfigUserEmail } from '../../src/core/guide/contribution';

/**
 * Repositories whose configuration names, for every way git has to run a program, a script that
 * leaves a marker file. Our git-using functions must leave no marker and still read the right facts;
 * the git the extension ran before (`git --no-pager -c core.fsmonitor=false log`) is the control
 * that shows each live vector does run.
 */

const SIGNED_OFF = 'Signed-off-by: Ada Dev <ada@acme.example>';
const FIRST_MESSAGE = `Add the widget\n\n${SIGNED_OFF}`;
const SIGNED_MESSAGE = `Sign the widget\n\n${SIGNED_OFF}`;
const OLD_INVOCATION = ['--no-pager', '-c', 'core.fsmonitor=false', 'log', '-n', '10', '--format=%B%x00'];

/** Hooks git could run; none may run (git log runs none, and `core.hooksPath` is turned away). */
const HOOKS = ['pre-commit', 'post-commit', 'post-checkout', 'post-merge', 'post-rewrite', 'reference-transaction', 'post-index-change', 'fsmonitor-watchman', 'pre-auto-gc', 'push-to-checkout'];

/** The configuration of the signed repository: every key that names a program, each with its own marker. */
function hostileConfig(mark: (name: string) => string, hooks: string, include: string): string {
  return `
[core]
\tfsmonitor = ${mark('core.fsmonitor')}
\thooksPath = ${hooks}
\tpager = ${mark('core.pager')}
\teditor = ${mark('core.editor')}
\tsshCommand = ${mark('core.sshCommand')}
\taskPass = ${mark('core.askPass')}
\tgitProxy = ${mark('core.gitProxy')}
\talternateRefsCommand = ${mark('core.alternateRefsCommand')}
[log]
\tshowSignature = true
[gpg]
\tprogram = ${mark('gpg.program')}
[gpg "ssh"]
\tprogram = ${mark('gpg.ssh.program')}
\tdefaultKeyCommand = ${mark('gpg.ssh.defaultKeyCommand')}
[gpg "x509"]
\tprogram = ${mark('gpg.x509.program')}
[pager]
\tlog = ${mark('pager.log')}
[sequence]
\teditor = ${mark('sequence.editor')}
[diff]
\texternal = ${mark('diff.external')}
[diff "hostile"]
\ttextconv = ${mark('diff.hostile.textconv')}
\tcommand = ${mark('diff.hostile.command')}
[filter "hostile"]
\tclean = ${mark('filter.hostile.clean')}
\tsmudge = ${mark('filter.hostile.smudge')}
\tprocess = ${mark('filter.hostile.process')}
[credential]
\thelper = !${mark('credential.helper')}
[uploadpack]
\tpackObjectsHook = ${mark('uploadpack.packObjectsHook')}
[remote "origin"]
\turl = https://github.com/acme/widget.git
[user]
\temail = ada@acme.example
[include]
\tpath = ${include}
[includeIf "gitdir:/"]
\tpath = ${include}
`;
}

interface Fixture {
  readonly root: string;
  readonly markers: string;
  readonly signed: string;
  readonly promisorFile: string;
  readonly promisorExt: string;
}

function setupEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('GIT_')) {
      env[name] = value;
    }
  }
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'Ada Dev',
    GIT_AUTHOR_EMAIL: 'ada@acme.example',
    GIT_COMMITTER_NAME: 'Ada Dev',
    GIT_COMMITTER_EMAIL: 'ada@acme.example',
  };
}

function git(cwd: string, args: string[], input?: string): string {
  return execFileSync('git', args, { cwd, env: setupEnv(), encoding: 'utf8', input });
}

function markedNames(fixture: Fixture): string[] {
  return readdirSync(fixture.markers).sort();
}

function clearMarkers(fixture: Fixture): void {
  for (const name of readdirSync(fixture.markers)) {
    rmSync(path.join(fixture.markers, name));
  }
}

/** The git the extension ran before, with the same machine-independent setup as the fixture. */
function oldGitLog(cwd: string, env: NodeJS.ProcessEnv = setupEnv()): Promise<void> {
  return new Promise((resolve) => execFile('git', OLD_INVOCATION, { cwd, env, timeout: 10_000 }, () => resolve()));
}

function buildFixture(): Fixture {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ospo-git-guest-'));
  const markers = path.join(root, 'markers');
  const bin = path.join(root, 'bin');
  mkdirSync(markers);
  mkdirSync(bin);
  const mark = (name: string): string => {
    const script = path.join(bin, name);
    writeFileSync(script, `#!/bin/sh\n: > '${path.join(markers, name)}'\nexit 1\n`);
    chmodSync(script, 0o755);
    return script;
  };

  const signed = path.join(root, 'signed');
  mkdirSync(signed);
  git(signed, ['init', '-q', '-b', 'main']);
  writeFileSync(path.join(signed, 'widget.txt'), 'widget\n');
  writeFileSync(path.join(signed, '.gitattributes'), '* diff=hostile filter=hostile\n');
  git(signed, ['add', '.']);
  git(signed, ['commit', '-q', '-m', FIRST_MESSAGE]);
  // A commit carrying a gpgsig header: `git log --show-signature` hands it to gpg.program.
  const commit = [
    `tree ${git(signed, ['rev-parse', 'HEAD^{tree}']).trim()}`,
    `parent ${git(signed, ['rev-parse', 'HEAD']).trim()}`,
    'author Ada Dev <ada@acme.example> 1700000000 +0000',
    'committer Ada Dev <ada@acme.example> 1700000000 +0000',
    'gpgsig -----BEGIN PGP SIGNATURE-----',
    ' ',
    ' iQEzBAABCAAdFiEEAAAAAAAAAAAAAAAAAAAAAAAAAAAFAmVAAAAACgkQAAAAAAAAAAAA',
    ' =AAAA',
    ' -----END PGP SIGNATURE-----',
    '',
    SIGNED_MESSAGE,
    '',
  ].join('\n');
  const signedCommit = git(signed, ['hash-object', '-w', '-t', 'commit', '--stdin'], commit).trim();
  git(signed, ['update-ref', 'refs/heads/main', signedCommit]);
  const hooks = path.join(root, 'hooks');
  mkdirSync(hooks);
  for (const hook of HOOKS) {
    writeFileSync(path.join(hooks, hook), `#!/bin/sh\n: > '${path.join(markers, `hook.${hook}`)}'\n`);
    chmodSync(path.join(hooks, hook), 0o755);
    writeFileSync(path.join(signed, '.git', 'hooks', hook), `#!/bin/sh\n: > '${path.join(markers, `default-hook.${hook}`)}'\n`);
    chmodSync(path.join(signed, '.git', 'hooks', hook), 0o755);
  }
  // An included file read after our overrides would win: it must not.
  const include = path.join(root, 'included.config');
  writeFileSync(include, `[log]\n\tshowSignature = true\n[gpg "openpgp"]\n\tprogram = ${mark('included.gpg.openpgp.program')}\n[core]\n\tfsmonitor = ${mark('included.core.fsmonitor')}\n`);
  writeFileSync(path.join(signed, '.git', 'config'), readFileSync(path.join(signed, '.git', 'config'), 'utf8') + hostileConfig(mark, hooks, include));

  const promisorFile = partialClone(root, 'promisor-file', [`\turl = ${signed}`, `\tuploadpack = ${mark('remote.origin.uploadpack')}`]);
  const promisorExt = partialClone(root, 'promisor-ext', [`\turl = ext::${mark('ext-transport')}`, '[protocol "ext"]', '\tallow = always', '[protocol]', '\tallow = always']);
  return { root, markers, signed, promisorFile, promisorExt };
}

/**
 * A partial clone missing a commit its history needs: reading the history makes git fetch the
 * object from the promisor remote, whose transport the repository configures.
 */
function partialClone(root: string, name: string, remoteLines: string[]): string {
  const folder = path.join(root, name);
  mkdirSync(folder);
  git(folder, ['init', '-q', '-b', 'main']);
  for (const message of ['root', 'middle', 'top']) {
    git(folder, ['commit', '-q', '--allow-empty', '-m', message]);
  }
  const middle = git(folder, ['rev-parse', 'HEAD~1']).trim();
  rmSync(path.join(folder, '.git', 'objects', middle.slice(0, 2), middle.slice(2)));
  git(folder, ['config', 'core.repositoryformatversion', '1']);
  git(folder, ['config', 'extensions.partialClone', 'origin']);
  const config = path.join(folder, '.git', 'config');
  writeFileSync(config, `${readFileSync(config, 'utf8')}[remote "origin"]\n\tpromisor = true\n${remoteLines.join('\n')}\n`);
  return folder;
}

describe('git as a guest', function () {
  let fixture: Fixture;

  before(function () {
    if (process.platform === 'win32') {
      // The marker programs are shell scripts.
      this.skip();
    }
    fixture = buildFixture();
  });

  after(() => {
    if (fixture) {
      rmSync(fixture.root, { recursive: true, force: true });
    }
  });

  beforeEach(() => {
    if (fixture) {
      clearMarkers(fixture);
    }
  });

  describe('the fixture is live (the old invocation runs what the repository names)', () => {
    it('a signed commit runs the gpg program of the repository', async () => {
      await oldGitLog(fixture.signed);
      assert.ok(markedNames(fixture).some((name) => name.includes('gpg')), `markers: ${markedNames(fixture).join(', ')}`);
    });

    it('a missing object of a partial clone runs remote.origin.uploadpack', async () => {
      await oldGitLog(fixture.promisorFile);
      assert.deepEqual(markedNames(fixture), ['remote.origin.uploadpack']);
    });

    it('a missing object of a partial clone runs an ext:: command the repository allows', async () => {
      await oldGitLog(fixture.promisorExt);
      assert.deepEqual(markedNames(fixture), ['ext-transport']);
    });

    it('a bare git with "." on PATH runs a git planted in the workspace', async () => {
      const planted = path.join(fixture.root, 'planted');
      mkdirSync(planted, { recursive: true });
      writeFileSync(path.join(planted, 'git'), `#!/bin/sh\n: > '${path.join(fixture.markers, 'planted-git')}'\n`);
      chmodSync(path.join(planted, 'git'), 0o755);
      await oldGitLog(planted, { ...setupEnv(), PATH: `.${path.delimiter}${process.env.PATH ?? ''}` });
      assert.deepEqual(markedNames(fixture), ['planted-git']);
    });
  });

  describe('our functions run nothing the repository names and read the right facts', () => {
    it('recentCommitMessages reads the messages of a signed history with every program key set', async () => {
      const commits = await recentCommitMessages(fixture.signed, 10);
      assert.deepEqual(commits, { ok: true, messages: [SIGNED_MESSAGE, FIRST_MESSAGE] });
      assert.deepEqual(markedNames(fixture), []);
    });

    for (const name of ['promisorFile', 'promisorExt'] as const) {
      it(`recentCommitMessages fetches nothing for a partial clone (${name})`, async () => {
        const commits = await recentCommitMessages(fixture[name], 10);
        // The history cannot be read without the missing commit: no facts rather than a fetch.
        assert.equal(commits.ok, false);
        assert.deepEqual(markedNames(fixture), []);
      });
    }

    for (const name of ['promisorFile', 'promisorExt'] as const) {
      // Lazy fetching is off, so this asks the transport layer alone (`protocol.ext.allow` beats `-c protocol.allow=never`).
      it(`a guest git starts no transport to a remote the repository configures (${name})`, async () => {
        const result = await runGuestGit(fixture[name], ['ls-remote', 'origin'], { timeoutMs: 10_000, maxBytes: 65_536 });
        assert.equal(result.ok, false);
        assert.deepEqual(markedNames(fixture), []);
      });
    }

    it('a folder inside a repository is no repository of its own, and git says so', async () => {
      const inner = path.join(fixture.signed, 'inner');
      mkdirSync(inner, { recursive: true });
      const commits = await recentCommitMessages(inner, 10);
      assert.equal(commits.ok, false);
      assert.match(commits.ok ? '' : commits.reason, /^fatal: not a git repository/);
      assert.deepEqual(markedNames(fixture), []);
    });

    it('ignores a git planted in the workspace and inherited GIT_* variables', async () => {
      const saved = { PATH: process.env.PATH, GIT_DIR: process.env.GIT_DIR, GIT_EXTERNAL_DIFF: process.env.GIT_EXTERNAL_DIFF };
      writeFileSync(path.join(fixture.signed, 'git'), `#!/bin/sh\n: > '${path.join(fixture.markers, 'planted-git')}'\n`);
      chmodSync(path.join(fixture.signed, 'git'), 0o755);
      try {
        process.env.PATH = `.${path.delimiter}${path.delimiter}${saved.PATH ?? ''}`;
        // Another repository: read it and the facts would be wrong.
        process.env.GIT_DIR = path.join(fixture.promisorFile, '.git');
        process.env.GIT_EXTERNAL_DIFF = path.join(fixture.root, 'bin', 'diff.external');
        const commits = await recentCommitMessages(fixture.signed, 10);
        assert.deepEqual(commits, { ok: true, messages: [SIGNED_MESSAGE, FIRST_MESSAGE] });
      } finally {
        for (const [name, value] of Object.entries(saved)) {
          if (value === undefined) {
            delete process.env[name];
          } else {
            process.env[name] = value;
          }
        }
        rmSync(path.join(fixture.signed, 'git'));
      }
      assert.deepEqual(markedNames(fixture), []);
    });

    it('the CLI and the guide read remotes and email from the config without git', () => {
      const config = readFileSync(path.join(fixture.signed, '.git', 'config'), 'utf8');
      assert.equal(gitRepoIdentity(fixture.signed), 'github.com/acme/widget');
      assert.deepEqual(gitConfigRemoteList(config), [{ name: 'origin', url: 'https://github.com/acme/widget.git' }]);
      assert.equal(gitConfigUserEmail(config), 'ada@acme.example');
      assert.deepEqual(markedNames(fixture), []);
    });
  });

  describe('what git itself sees through the guest invocation', () => {
    // Asked of git: whether our command-line values win over the repository's file and its includes.
    const neutral: [key: string, expected: string][] = [
      ['log.showSignature', 'false'],
      ['gpg.program', ''],
      ['gpg.openpgp.program', ''],
      ['gpg.ssh.program', ''],
      ['gpg.x509.program', ''],
      ['gpg.ssh.defaultKeyCommand', ''],
      ['core.fsmonitor', ''],
      ['core.hooksPath', '/dev/null'],
      ['core.pager', 'cat'],
      ['core.editor', ':'],
      ['sequence.editor', ':'],
      ['diff.external', ''],
      ['core.sshCommand', ''],
      ['core.gitProxy', ''],
      ['core.askPass', ''],
      ['credential.helper', ''],
    ];
    for (const [key, expected] of neutral) {
      it(`${key} is ${JSON.stringify(expected)}`, async () => {
        const result = await runGuestGit(fixture.signed, ['config', '--get', key], { timeoutMs: 10_000, maxBytes: 65_536 });
        assert.deepEqual(result, { ok: true, stdout: `${expected}\n` });
      });
    }

    it('the repository does set them (the same question without our overrides)', () => {
      const seen = git(fixture.signed, ['config', '--get', 'log.showSignature']).trim();
      assert.equal(seen, 'true');
      assert.match(git(fixture.signed, ['config', '--get', 'gpg.openpgp.program']), /included\.gpg\.openpgp\.program/);
    });
  });
});
