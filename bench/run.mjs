// `npm run bench`: every benchmark of the project, printed and kept in bench/RESULTS.md. Never part of `npm test`.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './compiled.mjs';
import { benchEditLatency } from './editLatency.mjs';
import { benchEditorLatency } from './editorLatency.mjs';
import { benchEvaluation } from './evaluation.mjs';
import { benchLicenseChecker } from './licenseChecker.mjs';
import { benchParsing } from './parsing.mjs';

const sections = [];
for (const bench of [benchParsing, benchEvaluation, benchEditLatency, benchEditorLatency, benchLicenseChecker]) {
  const section = await bench();
  console.log(`\n## ${section.title}\n\n${section.table}\n\n${section.summary}`);
  sections.push(section);
}

const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}`;
const resultsPath = path.join(repoRoot, 'bench/RESULTS.md');
writeFileSync(
  resultsPath,
  `# Benchmark results\n\nWritten by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)} (${machine}); medians of interleaved rounds.\n\n` +
    sections.map((section) => `## ${section.title}\n\n${section.table}\n\n${section.summary}\n`).join('\n'),
);
console.log(`\nResults written to ${path.relative(process.cwd(), resultsPath)}`);
