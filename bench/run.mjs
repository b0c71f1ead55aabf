// `npm run bench`: every benchmark of the project, printed and kept in bench/RESULTS.md. Never part of `npm test`.
// `node --expose-gc bench/run.mjs licenseChecker openToData` (after `npm run compile-tests`) runs only the
// named sections and replaces just those in RESULTS.md, keeping the others as they were measured.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './compiled.mjs';
import { benchEditLatency } from './editLatency.mjs';
import { benchEditorLatency } from './editorLatency.mjs';
import { benchEvaluation } from './evaluation.mjs';
import { benchLicenseChecker } from './licenseChecker.mjs';
import { benchOpenToData } from './openToData.mjs';
import { benchParsing } from './parsing.mjs';

const BENCHES = {
  parsing: benchParsing,
  evaluation: benchEvaluation,
  editLatency: benchEditLatency,
  editorLatency: benchEditorLatency,
  licenseChecker: benchLicenseChecker,
  openToData: benchOpenToData,
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  console.error(`Unknown bench section: ${unknown.join(', ')} (known: ${Object.keys(BENCHES).join(', ')})`);
  process.exit(2);
}

const measured = [];
for (const [name, bench] of Object.entries(BENCHES)) {
  if (wanted.length > 0 && !wanted.includes(name)) {
    continue;
  }
  const section = await bench();
  console.log(`\n## ${section.title}\n\n${section.table}\n\n${section.summary}`);
  measured.push(section);
}

const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}`;
const date = new Date().toISOString().slice(0, 10);
const resultsPath = path.join(repoRoot, 'bench/RESULTS.md');
const text = (section) => `## ${section.title}\n\n${section.table}\n\n${section.summary}\n`;
let sections = measured;
let header = `Written by \`npm run bench\` on ${date} (${machine}); medians of interleaved rounds.`;
if (wanted.length > 0 && existsSync(resultsPath)) {
  // Keep every section not re-measured, in its place; new ones go last.
  const previous = readFileSync(resultsPath, 'utf8');
  const kept = previous
    .split(/^(?=## )/m)
    .filter((part) => part.startsWith('## '))
    .map((part) => ({ title: part.slice(3, part.indexOf('\n')).trim(), raw: `${part.trimEnd()}\n` }));
  sections = kept.map((old) => measured.find((section) => section.title === old.title) ?? old);
  sections.push(...measured.filter((section) => !kept.some((old) => old.title === section.title)));
  // The first measurement's line, then which sections this run measured again.
  const written = /^Written by .*?rounds\./m.exec(previous)?.[0] ?? header;
  header = `${written} Re-measured on ${date} (${machine}): ${measured.map((section) => section.title).join(', ')}.`;
}
writeFileSync(resultsPath, `# Benchmark results\n\n${header}\n\n` + sections.map((section) => (section.raw !== undefined ? section.raw : text(section))).join('\n'));
console.log(`\nResults written to ${path.relative(process.cwd(), resultsPath)}`);
