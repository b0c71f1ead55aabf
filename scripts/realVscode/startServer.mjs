// Starts VS Code's bare server-main on loopback, as the integration tests use it. Port 0 lets the
// server pick a free port itself, which avoids racing other processes for one probed earlier.
import { spawnServer } from './serverProcess.mjs';

/**
 * @param {object} options
 * @param {string} options.serverMain  path of out/server-main.js
 * @param {string} options.dataDir     fresh --server-data-dir
 * @param {string} options.extensionsDir fresh --extensions-dir
 * @param {boolean} [options.trusted] open folders trusted (the workbench then has no Restricted Mode)
 * @param {Record<string, string>} [options.env] extra environment, inherited by the extension host
 * @param {(text: string) => void} [options.onOutput] receives everything the server prints
 */
export async function startServer({ serverMain, dataDir, extensionsDir, trusted = false, env, onOutput }) {
  const server = await spawnServer({
    args: [
      serverMain,
      '--host', '127.0.0.1',
      '--port', '0',
      '--without-connection-token',
      '--accept-server-license-terms',
      '--server-data-dir', dataDir,
      '--extensions-dir', extensionsDir,
      ...(trusted ? ['--disable-workspace-trust'] : []),
    ],
    ready: /Extension host agent listening on (\d+)/,
    env,
    onOutput,
  });
  return { port: Number(server.ready), exited: server.exited, stop: server.stop };
}
