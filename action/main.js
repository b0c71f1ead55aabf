// The GitHub Action's entry point (action.yml). The work is done by the committed CLI bundle, so a
// tag of this repository runs as it is, with no install or build step.
'use strict';
const { runGitHubAction } = require('../cli/ospo-guide.js');

runGitHubAction({ cwd: process.cwd(), env: process.env, log: (text) => process.stdout.write(text) }).then(
  (exitCode) => {
    process.exitCode = exitCode;
  },
  (error) => {
    process.stdout.write(`::error title=OSPO Guide::${String(error && error.stack ? error.stack : error).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}\n`);
    process.exitCode = 3;
  },
);
