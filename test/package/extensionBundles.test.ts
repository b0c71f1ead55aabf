import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { packVsix } from './support/packVsix';
import { zipEntries } from './support/zipEntries';

const REPO_ROOT = path.resolve(__dirname, '../../..');

/** The bundles dist/extension.js loads on first use (esbuild.config.mjs, `lazyBundles`). */
const LAZY_BUNDLES = ['dist/lookups.js', 'dist/markdownIt.js', 'dist/licenseText.js', 'dist/notices.js'];

/**
 * Packages that more than one bundle carries, each read for state or classes that two copies would
 * make differ; each copy serves only its own bundle's code, and only plain data crosses between them.
 */
const REVIEWED_PACKAGES: ReadonlyMap<string, string> = new Map([
  ['semver', 'caches parsed ranges: two caches cost memory only; versions cross bundles as strings'],
  ['node-fetch', 'no state between requests; both copies go through Node’s http and https agents, where VS Code’s proxy support applies'],
  ['@streamparser/json', 'one parser per document'],
  ['saxes', 'one parser per document'],
  ['xmlchars', 'character tables'],
  ['spdx-license-ids', 'data'],
  ['spdx-exceptions', 'data'],
  ['spdx-expression-parse', 'a pure function'],
  ['hosted-git-info', 'caches parsed URLs in a private LRU of 1,000: two caches cost memory only; repositoryLocation returns strings, no GitHost crosses bundles'],
  ['lru-cache', 'only hosted-git-info’s private cache; no instance crosses bundles'],
]);

/** Classes of modules in two bundles that are checked by instanceof, each read to see that no instance crosses bundles. */
const REVIEWED_CLASSES: ReadonlyMap<string, string> = new Map([
  ['src/core/feed/fetchFeed.ts: FeedFetchError', 'dist/lookups.js takes only readCapped from the module; the feed loader throws and catches FeedFetchError within dist/extension.js'],
]);

interface Metafile {
  readonly outputs: Record<string, { readonly entryPoint?: string; readonly inputs: Record<string, { readonly bytesInOutput: number }> }>;
}

/** The modules each shipped bundle holds, from the metafiles the production build keeps. */
function bundleInputs(bundles: readonly string[]): Map<string, Set<string>> {
  return new Map(
    bundles.map((bundle) => {
      const metafile = JSON.parse(readFileSync(path.join(REPO_ROOT, '.cache', 'bundles', `${path.basename(bundle)}.json`), 'utf8')) as Metafile;
      const output = Object.values(metafile.outputs).find((candidate) => candidate.entryPoint !== undefined);
      assert.ok(output !== undefined, `${bundle}: no entry point in its metafile`);
      return [bundle, new Set(Object.entries(output.inputs).flatMap(([input, { bytesInOutput }]) => (bytesInOutput > 0 ? [input] : [])))];
    }),
  );
}

/** Module-level variables, and module-level collections the module changes: what two copies of it would hold apart. */
function moduleState(source: string): string[] {
  const variables = [...source.matchAll(/^(?:export )?(?:let|var) (\w+)/gm)].map((match) => match[1]);
  const collections = [...source.matchAll(/^(?:export )?const (\w+)(?::[^=\n]+)? = (?:new (?:Map|Set|WeakMap|WeakSet)\b|\[\]|\{\})/gm)]
    .map((match) => match[1])
    .filter((name) => new RegExp(`\\b${name}\\.(?:set|add|delete|clear|push|pop|shift|unshift|splice)\\(|\\b${name}\\[[^\\]]+\\]\\s*=[^=]`).test(source));
  return [...variables, ...collections];
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('the extension bundles', function () {
  this.timeout(180_000);
  let extensionDir: string;
  let shipped: string[];

  before(async () => {
    const entries = zipEntries(readFileSync((await packVsix()).path));
    extensionDir = mkdtempSync(path.join(os.tmpdir(), 'ospo-guide-vsix-'));
    for (const entry of entries.filter((candidate) => candidate.name.startsWith('extension/'))) {
      const file = path.join(extensionDir, entry.name.slice('extension/'.length));
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, entry.read());
    }
    shipped = entries.flatMap((entry) => (/^extension\/dist\/[\w.-]+\.js$/.test(entry.name) ? [entry.name.slice('extension/'.length)] : []));
  });

  after(() => rmSync(extensionDir, { recursive: true, force: true }));

  async function load(...thenLoad: string[]): Promise<{ exported: string[]; steps: { loaded: string; files: string[] }[] }> {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(__dirname, 'support', 'loadExtension.js'), extensionDir, ...thenLoad]);
    return JSON.parse(stdout);
  }

  it('ships the lazy bundles beside dist/extension.js', () => {
    assert.deepEqual([...shipped].sort(), ['dist/extension.js', ...LAZY_BUNDLES].sort());
  });

  it('loading the extension loads none of them: each waits for its first use', async () => {
    const { exported, steps } = await load();
    assert.ok(exported.includes('activate'), `exports: ${exported.join(', ')}`);
    assert.deepEqual(steps[0].files, ['dist/extension.js']);
  });

  it('the registry lookups leave the license templates to their own first use, shared with the extension', async () => {
    const { steps } = await load('dist/lookups.js', 'dist/licenseText.js');
    assert.deepEqual(steps[1].files, ['dist/extension.js', 'dist/lookups.js']);
    for (const bundle of ['dist/extension.js', 'dist/lookups.js']) {
      assert.match(readFileSync(path.join(extensionDir, bundle), 'utf8'), /require\("\.\/licenseText\.js"\)/, `${bundle} loads the one copy of the templates`);
    }
  });

  it('a module that two bundles carry keeps no state, and no class of it is told apart by instanceof', () => {
    const inputs = bundleInputs(shipped);
    const carriers = new Map<string, string[]>();
    for (const [bundle, modules] of inputs) {
      for (const module of modules) {
        carriers.set(module, [...(carriers.get(module) ?? []), bundle]);
      }
    }
    const shared = [...carriers].filter(([, bundles]) => bundles.length > 1).map(([module]) => module);
    assert.ok(shared.length > 0, 'the metafiles list the bundles’ modules');
    const unreviewed = [...new Set(shared.flatMap((module) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(module)?.[1] ?? []))].filter((name) => !REVIEWED_PACKAGES.has(name));
    assert.deepEqual(unreviewed, [], 'packages in two bundles: read them for module state and classes that cross, then add them to REVIEWED_PACKAGES');

    const ours = shared.filter((module) => module.startsWith('src/'));
    const everySource = sourceFiles(path.join(REPO_ROOT, 'src')).map((file) => ({ file: path.relative(REPO_ROOT, file), text: readFileSync(file, 'utf8') }));
    const problems = ours.flatMap((module) => {
      const source = readFileSync(path.join(REPO_ROOT, module), 'utf8');
      const state = moduleState(source).map((name) => `${module}: module state '${name}'`);
      const classes = [...source.matchAll(/^export (?:abstract )?class (\w+)/gm)].map((match) => match[1]).filter((name) => !REVIEWED_CLASSES.has(`${module}: ${name}`));
      const checks = classes.flatMap((name) =>
        everySource.filter(({ file, text }) => file !== module && new RegExp(`instanceof ${name}\\b`).test(text)).map(({ file }) => `${module}: class ${name} is checked by instanceof in ${file}`),
      );
      return [...state, ...checks];
    });
    assert.deepEqual(problems, [], 'give such a module a bundle of its own (esbuild.config.mjs, lazyBundles), or pass what it holds from one bundle to the other');
  });

  it('node-fetch takes Node’s URL: whatwg-url is in no bundle, and the bundled fetch follows a redirect', async () => {
    const everyInput = [...bundleInputs(shipped).values()].flatMap((modules) => [...modules]);
    assert.deepEqual(everyInput.filter((module) => /node_modules\/(whatwg-url|tr46|webidl-conversions)\//.test(module)), []);
    const server = createServer((request, response) => {
      if (request.url === '/moved') {
        response.writeHead(302, { location: '/package' }).end();
      } else {
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"name":"left-pad"}');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the shipped bundle itself, which needs no VS Code
      const { RegistryHttp } = require(path.join(extensionDir, 'dist', 'lookups.js')) as typeof import('../../src/core/data/lookupLayer');
      const outcome = await new RegistryHttp().get({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/moved`, maxBytes: 1000 });
      assert.deepEqual(outcome.kind === 'ok' ? JSON.parse(outcome.bytes.toString('utf8')) : outcome, { name: 'left-pad' });
    } finally {
      server.close();
    }
  });

  it('the state check finds module state', () => {
    assert.deepEqual(moduleState('let index: Index | undefined;\nconst cache = new Map<string, number>();\nexport function f(k) { cache.set(k, 1); }\nconst TABLE = new Set([1]);'), ['index', 'cache']);
  });
});
