// Spawns a Node server script and resolves once its output shows it is ready. The server gets
// its own process group so stopping it also stops the extension host it forks.
import { spawn } from 'node:child_process';

const STARTUP_TIMEOUT_MS = 60_000;

/**
 * @param {object} options
 * @param {string[]} options.args     arguments for node, starting with the script
 * @param {RegExp} options.ready      matched against the output; its first group is the result
 * @param {Record<string, string>} [options.env] extra environment, inherited by the extension host
 * @param {(text: string) => void} [options.onOutput] receives everything the server prints
 * @returns {Promise<{ ready: string, exited: Promise<string>, stop: () => Promise<void> }>}
 */
export function spawnServer({ args, ready, env = {}, onOutput = () => {} }) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? `exit code ${code}`)));
  const stop = () => stopGroup(child);

  const readiness = new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`the server was not ready within ${STARTUP_TIMEOUT_MS / 1000} s`)), STARTUP_TIMEOUT_MS);
    const onData = (chunk) => {
      const text = chunk.toString();
      onOutput(text);
      seen = (seen + text).slice(-4000);
      const match = ready.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', reject);
    exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`the server exited before it was ready (${how}); last output:\n${seen}`));
    });
  });

  return readiness.then(
    (result) => ({ ready: result, exited, stop }),
    async (error) => {
      await stop();
      throw error;
    },
  );
}

async function stopGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  signalGroup(child.pid, 'SIGTERM');
  const forced = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), 5000);
  await exited;
  clearTimeout(forced);
  // The extension host may outlive the server by a moment; make sure nothing of ours stays.
  signalGroup(child.pid, 'SIGKILL');
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
