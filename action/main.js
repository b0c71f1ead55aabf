// The GitHub Action's entry point (action.yml). The work is done by the committed CLI bundle, so a
// tag of this repository runs as it is, with no install or build step. runGitHubAction reports
// its own failures as annotations and never rejects.
'use strict';
const { runGitHubAction } = require('../cli/ospo-guide.js');

runGitHubAction({ cwd: process.cwd(), env: process.env, log: (text) => process.stdout.write(text) }).then((exitCode) => {
  process.exitCode = exitCode;
});
