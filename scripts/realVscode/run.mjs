// Runs a child process to completion and keeps the tail of its output, so a failed build step
// can be reported with the compiler's own message instead of a bare exit code.
import { spawn } from 'node:child_process';

const KEPT_OUTPUT = 4000;

export function run(command, args, { cwd, env, label } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk) => {
      output = (output + chunk.toString()).slice(-KEPT_OUTPUT);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => reject(new Error(`${label ?? command}: could not start ${command}: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) {
        resolve(output);
      } else {
        reject(new Error(`${label ?? command} failed (${signal ?? `exit code ${code}`}) in ${cwd ?? process.cwd()}:\n${output}`));
      }
    });
  });
}
