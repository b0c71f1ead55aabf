// Checks up front what the server build needs from the machine, because the failures these
// cause deep inside npm or node-gyp are long and hard to read.
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

export function findOnPath(command) {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(folder, command);
    if (folder && existsSync(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

/** The prefix holding `include/node/node.h`; node-gyp would try to download it otherwise. */
export function nodeHeadersDir() {
  const nodedir = process.env.OSPO_GUIDE_NODEDIR ?? dirname(dirname(process.execPath));
  if (!existsSync(join(nodedir, 'include', 'node', 'node.h'))) {
    throw new Error(
      `Node.js headers not found in ${nodedir}/include/node (needed to build VS Code's native modules). ` +
        'Install a Node.js that ships them (the nodejs package from NodeSource does, in /usr/include/node) or point OSPO_GUIDE_NODEDIR at a prefix that has include/node/node.h.',
    );
  }
  return nodedir;
}

/** npm ships its own node-gyp; using it avoids a global install. */
export function nodeGypScript() {
  const npmCli = process.env.npm_execpath;
  const candidates = [
    process.env.OSPO_GUIDE_NODE_GYP,
    npmCli && join(dirname(npmCli), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    join(dirname(dirname(process.execPath)), 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ].filter(Boolean);
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new Error(`node-gyp not found (looked in ${candidates.join(', ')}); set OSPO_GUIDE_NODE_GYP to node-gyp.js.`);
  }
  return found;
}

export function checkBuildTools() {
  const missing = [];
  if (!findOnPath('rg')) {
    missing.push('rg (Debian package ripgrep): VS Code search needs it and cannot download it here');
  }
  for (const [tool, debianPackage] of [['make', 'make'], ['g++', 'g++'], ['python3', 'python3']]) {
    if (!findOnPath(tool)) {
      missing.push(`${tool} (Debian package ${debianPackage}): node-gyp needs it`);
    }
  }
  if (!existsSync('/usr/include/gssapi/gssapi.h') && !findOnPath('krb5-config')) {
    missing.push('Kerberos headers (Debian package libkrb5-dev): the kerberos native module needs them');
  }
  if (missing.length > 0) {
    throw new Error(`Cannot install the VS Code server, missing:\n  - ${missing.join('\n  - ')}`);
  }
}
