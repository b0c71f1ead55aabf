// Turns a copy of the fixture workspace into the folder an attacker would hand over: files the
// extension reads that are links to /dev/zero, FIFOs, link loops and inputs built to be slow to
// parse. Built at run time: git cannot hold FIFOs, and a `.git` folder cannot be committed.
import { execFileSync } from 'node:child_process';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What the hostile pass plants, relative to the workspace: for the tests' messages and the README. */
export const HOSTILE_FILES = {
  '.git/config': 'a link to /dev/zero',
  '.ospo/choices.json': 'a link to /dev/zero',
  '.ospo/policy.json': 'a FIFO no one writes to',
  'requirements.txt': 'a FIFO no one writes to',
  'node_modules/zero/package.json': 'a link to /dev/zero (installed metadata)',
  'loop/package.json': 'a link to itself',
  'deep/package.json': '300 KB of [',
  'quotes/pnpm-lock.yaml': '128 KiB of quotes',
  'quotes/package.json': 'a manifest beside it',
};

function mkfifo(path) {
  execFileSync('mkfifo', [path]);
}

/** Plants every hostile file of HOSTILE_FILES in `workspace`. */
export async function makeHostile(workspace) {
  const at = (relative) => join(workspace, relative);
  await mkdir(at('.git'), { recursive: true });
  await writeFile(at('.git/HEAD'), 'ref: refs/heads/main\n');
  await symlink('/dev/zero', at('.git/config'));
  await mkdir(at('.ospo'), { recursive: true });
  await rm(at('.ospo/policy.json'), { force: true });
  await symlink('/dev/zero', at('.ospo/choices.json'));
  mkfifo(at('.ospo/policy.json'));
  await rm(at('requirements.txt'), { force: true });
  mkfifo(at('requirements.txt'));
  await mkdir(at('node_modules/zero'), { recursive: true });
  await symlink('/dev/zero', at('node_modules/zero/package.json'));
  await mkdir(at('loop'), { recursive: true });
  await symlink('package.json', at('loop/package.json'));
  await mkdir(at('deep'), { recursive: true });
  await writeFile(at('deep/package.json'), '['.repeat(300 * 1024));
  await mkdir(at('quotes'), { recursive: true });
  await writeFile(at('quotes/package.json'), '{ "name": "quotes", "dependencies": { "left-pad": "1.3.0" } }\n');
  await writeFile(at('quotes/pnpm-lock.yaml'), `lockfileVersion: '9.0'\npackages:\n  ${'"'.repeat(128 * 1024)}\n`);
}
