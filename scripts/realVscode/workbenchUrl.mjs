// Builds the workbench URL. The server refuses --extensionDevelopmentPath on its command line,
// but the web workbench takes the same settings from its URL payload, as @vscode/test-web does.

// A `.code-workspace` file opens as a multi-root workspace: the web workbench reads a `workspace`
// parameter beside `folder` (a path starting with `/` names a file on the server).

/**
 * @param {number} port
 * @param {string} folder absolute path of the folder, or of the `.code-workspace` file, to open
 * @param {{ extensionDevelopmentPath?: string, extensionTestsPath?: string }} [development]
 */
export function workbenchUrl(port, folder, development = {}) {
  const authority = `127.0.0.1:${port}`;
  const url = new URL(`http://${authority}/`);
  url.searchParams.set(folder.endsWith('.code-workspace') ? 'workspace' : 'folder', folder);
  const payload = Object.entries(development)
    .filter(([, path]) => path !== undefined)
    .map(([key, path]) => [key, `vscode-remote://${authority}${path}`]);
  if (payload.length > 0) {
    url.searchParams.set('payload', JSON.stringify(payload));
  }
  return url.toString();
}
