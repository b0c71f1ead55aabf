// One log per run for everything the server and the browser say; the console stays readable
// and the full story is there when a run fails.
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export function openLog(path) {
  mkdirSync(dirname(path), { recursive: true });
  const stream = createWriteStream(path);
  return {
    path,
    write(text) {
      stream.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    close() {
      return new Promise((resolve) => stream.end(resolve));
    },
  };
}
