// Where the VS Code server lives once installed; shared by the installer, the test runner and the demo.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';

export function cacheRoot() {
  return process.env.OSPO_GUIDE_VSCODE_CACHE ?? join(homedir(), '.cache', 'ospo-guide');
}

export function serverLayout(installDir = join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`)) {
  const codeServer = join(installDir, 'node_modules', 'code-server');
  const vscode = join(codeServer, 'lib', 'vscode');
  return {
    installDir,
    codeServer,
    vscode,
    serverMain: join(vscode, 'out', 'server-main.js'),
    codeServerEntry: join(codeServer, 'out', 'node', 'entry.js'),
    completeMarker: join(installDir, '.ospo-guide-complete'),
    argon2Marker: join(installDir, '.ospo-guide-argon2-complete'),
  };
}
