// Bounded polling for state the extension host reaches asynchronously, failing with what was awaited.
import { setTimeout as delay } from 'node:timers/promises';

export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await delay(50);
  }
}
