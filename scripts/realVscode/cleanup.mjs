// Runs registered cleanups exactly once, on normal completion or on Ctrl-C / SIGTERM, so no
// server, browser or temporary folder outlives the script.
const cleanups = [];
let running;

export function onCleanup(action) {
  cleanups.push(action);
}

export function runCleanups() {
  running ??= (async () => {
    for (const action of cleanups.reverse()) {
      try {
        await action();
      } catch (error) {
        console.error(`cleanup failed: ${error instanceof Error ? error.message : error}`);
      }
    }
  })();
  return running;
}

export function cleanUpOnSignals() {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping ...`);
      runCleanups().finally(() => process.exit(130));
    });
  }
}
