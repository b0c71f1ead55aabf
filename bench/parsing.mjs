import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { SaxesParser } from 'saxes';
import { parse as parseToml } from 'smol-toml';
import { compiled, repoRoot } from './compiled.mjs';
import { compare, formatMs } from './timing.mjs';

const { parseManifest, MANIFEST_KINDS } = compiled('core/manifests/index.js');
const corpusRoot = process.env.OSPO_GUIDE_CORPUS ?? path.resolve(repoRoot, 'test/corpus');

/** The raw parse of the same text, where a format has a standard one to compare with. */
const BASELINES = {
  npm: { name: 'JSON.parse', run: (text) => JSON.parse(text) },
  composer: { name: 'JSON.parse', run: (text) => JSON.parse(text) },
  cargo: { name: 'smol-toml', run: (text) => parseToml(text) },
  pyproject: { name: 'smol-toml', run: (text) => parseToml(text) },
  maven: { name: 'saxes (no handlers)', run: (text) => new SaxesParser().write(text).close() },
};

export function generatedPackageJson(count) {
  const dependencies = {};
  const devDependencies = {};
  for (let i = 0; i < count; i++) {
    (i % 4 === 0 ? devDependencies : dependencies)[i % 10 === 0 ? `@scope-${i}/package-${i}` : `package-number-${i}`] = `^${i % 17}.${i % 7}.${i % 3}`;
  }
  return JSON.stringify({ name: 'generated', version: '1.0.0', description: 'bench', scripts: { test: 'mocha' }, dependencies, devDependencies }, null, 2);
}

function largestCorpusFiles() {
  const largest = new Map();
  for (const folder of readdirSync(corpusRoot, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
    // The corpus keeps one folder per format, named as our manifest kinds are.
    const kind = folder.name;
    if (!MANIFEST_KINDS.includes(kind)) {
      continue;
    }
    for (const file of readdirSync(path.join(corpusRoot, folder.name))) {
      const text = readFileSync(path.join(corpusRoot, folder.name, file), 'utf8');
      if (!largest.has(kind) || largest.get(kind).text.length < text.length) {
        largest.set(kind, { id: `${folder.name}/${file}`, kind, text });
      }
    }
  }
  return [...largest.values()].sort((a, b) => a.kind.localeCompare(b.kind));
}

function measure(label, kind, text) {
  const baseline = BASELINES[kind];
  const candidates = [{ name: 'ours', run: () => parseManifest(kind, text) }];
  if (baseline) {
    candidates.push({ name: baseline.name, run: () => baseline.run(text) });
  }
  const [ours, raw] = compare(candidates);
  return { label, kind, bytes: text.length, dependencies: parseManifest(kind, text).dependencies.length, ours: ours.medianMs, baselineName: raw?.name ?? '—', baseline: raw?.medianMs };
}

/** Parse time of our manifest parsers beside the raw parse of the same text. */
export function benchParsing() {
  const rows = [measure('generated package.json, 1,000 dependencies', 'npm', generatedPackageJson(1000))];
  for (const file of largestCorpusFiles()) {
    rows.push(measure(file.id, file.kind, file.text));
  }
  const lines = ['| input | format | bytes | deps | ours (median) | raw parse | raw (median) | ours / raw |', '|---|---|---:|---:|---:|---|---:|---:|'];
  for (const row of rows) {
    const ratio = row.baseline ? `${(row.ours / row.baseline).toFixed(2)}x` : '—';
    lines.push(`| ${row.label} | ${row.kind} | ${row.bytes} | ${row.dependencies} | ${formatMs(row.ours)} | ${row.baselineName} | ${row.baseline ? formatMs(row.baseline) : '—'} | ${ratio} |`);
  }
  const goal = rows[0].ours / rows[0].baseline;
  return { title: 'Manifest parsing', table: lines.join('\n'), summary: `Goal: the 1,000-dependency package.json within 3x JSON.parse: ${goal.toFixed(2)}x — ${goal <= 3 ? 'met' : 'NOT met'}.` };
}
