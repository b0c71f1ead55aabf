// Open to complete data: the time from a manifest's text to complete facts (version and license)
// for every dependency, as the editor gets them when nothing is installed: parse, build the local
// inventory (which finds nothing), then ask the registries (`withRegistryData` with the registry
// clients), cold (an empty cache folder) and warm (the same cache folder again, new clients, as a
// reopened editor has it). npm against the real registry; Go and RubyGems against servers on
// 127.0.0.1 speaking the GOPROXY and RubyGems protocols (the test support servers), so those
// figures measure our protocol, cache and concurrency path, not the internet.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { compiled, repoRoot } from './compiled.mjs';
import { formatMs, median } from './timing.mjs';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const inputs = path.join(here, 'openToData');

const { parseManifest } = compiled('core/manifests/index.js');
const { buildInventory } = compiled('core/data/inventory.js');
const { RESOLVERS } = compiled('core/data/resolvers.js');
const { RegistryClientsByFolder } = compiled('core/data/registry/registryClients.js');
const { RegistryHttp } = compiled('core/data/registry/registryHttp.js');
const { withRegistryData } = compiled('core/data/registry/registryInventory.js');
const { defaultFetch } = compiled('core/data/online/http.js');

/** The test support servers (compiled by `npm run compile-tests`, as the rest of the bench is). */
function support(file) {
  return require(path.join(repoRoot, 'out/test/unit/support', file));
}

const COLD_RUNS = { npm: 3, local: 5 };
const WARM_RUNS = 5;
const NPM_DEPENDENCIES = 1000;

/**
 * A package.json of 1,000 real npm packages: the first 1,000 names the bench tree's lockfile
 * (bench/tree/package-lock.json) installs at the top level, each with a caret range of its locked
 * version. The parsing bench's generated package.json names packages that mostly do not exist,
 * which the real registry would answer with 404s: no data to complete.
 */
export function realPackageJson(count = NPM_DEPENDENCIES) {
  const lock = JSON.parse(readFileSync(path.join(here, 'tree/package-lock.json'), 'utf8'));
  const dependencies = {};
  for (const [key, entry] of Object.entries(lock.packages)) {
    const name = key.startsWith('node_modules/') ? key.slice('node_modules/'.length) : undefined;
    if (name === undefined || name.includes('/node_modules/') || entry.link || typeof entry.version !== 'string') {
      continue;
    }
    dependencies[name] = `^${entry.version}`;
    if (Object.keys(dependencies).length === count) {
      break;
    }
  }
  return JSON.stringify({ name: 'open-to-data', version: '1.0.0', private: true, dependencies }, null, 2);
}

/** One run: manifest text → complete facts. Returns the time and how many dependencies got a version and a license. */
async function openToComplete(subject, cacheDir) {
  const projectDir = mkdtempSync(path.join(os.tmpdir(), 'ospo-open-'));
  const home = mkdtempSync(path.join(os.tmpdir(), 'ospo-open-home-'));
  try {
    const file = path.join(projectDir, subject.fileName);
    writeFileSync(file, subject.text);
    const messages = [];
    const log = (message) => messages.push(message);
    let requests = 0;
    const fetch = (...args) => {
      requests++;
      return defaultFetch(...args);
    };
    const started = performance.now();
    const parsed = parseManifest(subject.kind, subject.text);
    const manifests = [{ file, parsed }];
    const local = await buildInventory(manifests, RESOLVERS, { home, env: subject.env, localRoots: [projectDir] });
    const registries = new RegistryClientsByFolder({
      context: { http: new RegistryHttp({ log, fetch }), cacheDir, log },
      rootOf: () => projectDir,
      trustProject: true,
      home,
      env: subject.env,
      ...(subject.mirrors ? { mirrors: subject.mirrors } : {}),
      ecosystems: [subject.ecosystem],
    });
    const inventory = await withRegistryData(local, manifests, (folder) => registries.clientsFor(folder));
    const asked = parsed.dependencies.filter((dependency) => dependency.source === undefined);
    const facts = asked.map((dependency) => inventory.factsFor(file, dependency));
    const ms = performance.now() - started;
    const complete = facts.filter((fact) => fact.version && fact.license !== undefined && fact.license !== null).length;
    return { ms, asked: asked.length, complete, requests, messages };
  } finally {
    rmSync(projectDir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  }
}

/** Cold runs (each with an empty cache folder), then warm runs on the last one's cache. */
async function measure(subject, coldRuns) {
  const cold = [];
  const warm = [];
  let last;
  const caches = [];
  try {
    for (let run = 0; run < coldRuns; run++) {
      const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'ospo-open-cache-'));
      caches.push(cacheDir);
      last = { cacheDir, result: await openToComplete(subject, cacheDir) };
      cold.push(last.result);
      console.error(`  ${subject.label}: cold ${formatMs(last.result.ms)}, ${last.result.complete}/${last.result.asked} complete, ${last.result.requests} requests`);
    }
    for (let run = 0; run < WARM_RUNS; run++) {
      const result = await openToComplete(subject, last.cacheDir);
      warm.push(result);
      console.error(`  ${subject.label}: warm ${formatMs(result.ms)}, ${result.complete}/${result.asked} complete, ${result.requests} requests`);
    }
  } finally {
    caches.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  }
  return { cold, warm };
}

/** Whether registry.npmjs.org answers at all (its ping), within a few seconds, through the project's own HTTP client. */
async function npmRegistryReachable() {
  const outcome = await new RegistryHttp({ maxRetries: 0, timeoutMs: 5_000 }).get({ url: 'https://registry.npmjs.org/-/ping', maxBytes: 64 * 1024 });
  return outcome.kind === 'ok';
}

/** A real MIT license text (BurntSushi/toml's COPYING, from Debian's golang-github-burntsushi-toml-dev: see test/fixtures/registry/go/SOURCES.md). */
function mitLicenseText() {
  return readFileSync(path.join(repoRoot, 'test/fixtures/registry/go/modules/github.com/BurntSushi/toml@v1.2.0/COPYING'));
}

function filesUnder(folder) {
  const files = new Map();
  const walk = (dir, prefix) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        walk(full, `${prefix}${name}/`);
      } else {
        files.set(`${prefix}${name}`, readFileSync(full));
      }
    }
  };
  walk(folder, '');
  return files;
}

/**
 * A GOPROXY on 127.0.0.1 for hugo's go.mod: every required module at the version go.mod names.
 * Where the test fixtures hold real sources of the module (from Debian), their files (and
 * listed versions) are served, under go.mod's version; every other module gets a zip of a go.mod
 * and a real MIT LICENSE text.
 */
async function goProxyFor(goModText) {
  const { GoProxyServer, GO_FIXTURES, moduleZip } = support('goProxyServer.js');
  const server = await GoProxyServer.start();
  const fixtureRoot = path.join(GO_FIXTURES, 'modules');
  const fixtureFolders = new Map();
  for (const [modulePath, versions] of server.modules) {
    for (const version of versions.keys()) {
      const folder = path.join(fixtureRoot, ...`${modulePath}@${version}`.split('/'));
      if (statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
        fixtureFolders.set(modulePath, folder);
      }
    }
  }
  const mit = mitLicenseText();
  let real = 0;
  const parsed = parseManifest('gomod', goModText);
  for (const dependency of parsed.dependencies) {
    const modulePath = dependency.name;
    const version = dependency.spec;
    const fixture = fixtureFolders.get(modulePath);
    const files = fixture !== undefined ? filesUnder(fixture) : new Map([['go.mod', Buffer.from(`module ${modulePath}\n`)], ['LICENSE', mit]]);
    real += fixture !== undefined ? 1 : 0;
    server.addVersion(modulePath, version, { goMod: files.get('go.mod')?.toString('utf8') ?? `module ${modulePath}\n`, zip: moduleZip(modulePath, version, files) });
  }
  return { server, real, modules: parsed.dependencies.length };
}

/**
 * A RubyGems server on 127.0.0.1 for rails' Gemfile: the gems of the test fixtures (real
 * gemspecs from Debian) as they are; every other gem the Gemfile names, at the version rails'
 * Gemfile.lock locks (so every requirement of the Gemfile is met), licensed MIT.
 */
async function gemServerFor(gemfileText, lockText) {
  const { RubygemsServer, fixtureGems } = support('rubygemsServer.js');
  const server = await RubygemsServer.start();
  const realGems = new Set(fixtureGems().map((gem) => gem.name));
  const locked = new Map();
  for (const match of lockText.matchAll(/^ {4}([A-Za-z0-9_.-]+) \(([^)\s-]+)(?:-[^)]*)?\)$/gm)) {
    if (!locked.has(match[1])) {
      locked.set(match[1], match[2]);
    }
  }
  const synthetic = new Map();
  let unlocked = 0;
  for (const dependency of parseManifest('gemfile', gemfileText).dependencies) {
    if (dependency.source === undefined && !realGems.has(dependency.name)) {
      synthetic.set(dependency.name, locked.get(dependency.name) ?? '1.0.0');
      unlocked += locked.has(dependency.name) ? 0 : 1;
    }
  }
  server.override = (url) => {
    const match = /^\/api\/v1\/versions\/([^/?]+)\.json$/.exec(url);
    const number = match ? synthetic.get(decodeURIComponent(match[1])) : undefined;
    if (number === undefined) {
      return undefined;
    }
    const body = JSON.stringify([
      { number, platform: 'ruby', prerelease: /[a-zA-Z]/.test(number), licenses: ['MIT'], sha: '0'.repeat(64), created_at: '2025-01-01T00:00:00.000Z', summary: '', authors: '' },
    ]);
    return { status: 200, body, headers: { 'Content-Type': 'application/json; charset=utf-8', ETag: `"${number}"` } };
  };
  const real = [...parseManifest('gemfile', gemfileText).dependencies].filter((dependency) => dependency.source === undefined && realGems.has(dependency.name)).length;
  return { server, real, synthetic: synthetic.size, unlocked };
}

function row(label, runs, where) {
  const coldMs = median(runs.cold.map((run) => run.ms));
  const warmMs = median(runs.warm.map((run) => run.ms));
  const requests = (list) => median(list.map((run) => run.requests));
  const completeness = (list) => `${Math.min(...list.map((run) => run.complete))}/${list[0].asked}`;
  return `| ${label} | ${runs.cold[0].asked} | ${where} | ${formatMs(coldMs)} (${runs.cold.length}) | ${formatMs(warmMs)} (${runs.warm.length}) | ${requests(runs.cold)} / ${requests(runs.warm)} | ${completeness(runs.cold)} / ${completeness(runs.warm)} |`;
}

export async function benchOpenToData() {
  const lines = [
    '| manifest | dependencies asked | registry | cold cache, median (runs) | warm cache, median (runs) | HTTP requests, cold / warm | with version and license, cold / warm |',
    '|---|---:|---|---:|---:|---:|---:|',
  ];
  const notes = [];

  if (await npmRegistryReachable()) {
    const text = realPackageJson();
    const runs = await measure({ label: 'npm', kind: 'npm', ecosystem: 'npm', fileName: 'package.json', text, env: {} }, COLD_RUNS.npm);
    lines.push(row('package.json, 1,000 real npm packages', runs, 'registry.npmjs.org (the real one)'));
  } else {
    console.error('  npm: registry.npmjs.org cannot be reached: the 1,000-dependency package.json is skipped');
    lines.push(`| package.json, 1,000 real npm packages | ${NPM_DEPENDENCIES} | registry.npmjs.org cannot be reached: skipped | — | — | — | — |`);
  }

  const goMod = readFileSync(path.join(inputs, 'hugo.go.mod'), 'utf8');
  const go = await goProxyFor(goMod);
  try {
    const runs = await measure({ label: 'go', kind: 'gomod', ecosystem: 'go', fileName: 'go.mod', text: goMod, env: { GOPROXY: go.server.url } }, COLD_RUNS.local);
    lines.push(row("hugo's go.mod", runs, 'GOPROXY on 127.0.0.1'));
    notes.push(
      `The Go proxy serves each of go.mod's ${go.modules} modules at the version go.mod requires: for the ${go.real} of them the test fixtures hold real sources of (Debian packages, test/fixtures/registry/go/SOURCES.md), those files; for the others a module zip of a go.mod and a real MIT LICENSE text.`,
    );
  } finally {
    await go.server.close();
  }

  const gemfile = readFileSync(path.join(inputs, 'rails.Gemfile'), 'utf8');
  const gems = await gemServerFor(gemfile, readFileSync(path.join(inputs, 'rails.Gemfile.lock'), 'utf8'));
  try {
    const runs = await measure({ label: 'gems', kind: 'gemfile', ecosystem: 'rubygems', fileName: 'Gemfile', text: gemfile, env: {}, mirrors: { rubygems: gems.server.url } }, COLD_RUNS.local);
    lines.push(row("rails' Gemfile", runs, 'RubyGems server on 127.0.0.1'));
    notes.push(
      `The gem server (the OSPO mirror standing in for rubygems.org, as the Gemfile's \`source\`) answers the RubyGems.org versions API: the ${gems.real} gems of the Gemfile the test fixtures hold real gemspecs of (Debian, test/fixtures/registry/rubygems/SOURCES.md) as they are, the ${gems.synthetic} others at the version rails' Gemfile.lock locks${gems.unlocked > 0 ? ` (1.0.0 for the ${gems.unlocked} it does not lock)` : ''}, licensed MIT.`,
    );
  } finally {
    await gems.server.close();
  }

  return {
    title: 'Open to complete data',
    table: lines.join('\n'),
    summary: [
      "From a manifest's text to a version and a license for every dependency the registries are asked about, with nothing installed or locked: parse, build the local inventory, then `withRegistryData` with the registry clients (as the CLI does; the editor does the same once typing settles). Cold: an empty cache folder; warm: the last cold run's cache folder with new clients, as a reopened editor has it.",
      ...notes,
      'HTTP: at most 8 requests in flight (the registry client\'s default); per npm package one full packument (the abbreviated form has no licenses), per Go module `@v/list`, the `.mod` of the newest version (for retractions) and the module zip (and `@latest` where go.mod requires a pseudo-version), per gem `/api/v1/versions/<gem>.json`. Warm runs answer from the disk cache alone.',
      `Load average when this section ended: ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores.`,
    ].join(' '),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const section = await benchOpenToData();
  console.log(`## ${section.title}\n\n${section.table}\n\n${section.summary}`);
}
