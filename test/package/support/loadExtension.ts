// Run in a child process by extensionBundles.test.ts: loads an unpacked extension's main bundle, and
// then each file named after it, as the extension host would (VS Code's API stubbed, activate() not
// called), printing which of the extension's files each step loaded.
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';

const [extensionDir, ...thenLoad] = process.argv.slice(2);

/** Every name the vscode module exports, each a stand-in that any property access or call returns again. */
function vscodeStub(): Record<string, unknown> {
  const standIn: unknown = new Proxy(function () {}, { get: (_target, key) => (key === Symbol.toPrimitive ? () => '' : standIn), apply: () => standIn, construct: () => standIn as object });
  const declarations = readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
  const names = [...declarations.matchAll(/^\s*export (?:namespace|class|enum|function|const|let) (\w+)/gm)].map((match) => match[1]);
  return Object.fromEntries(names.map((name) => [name, standIn]));
}

const stub = vscodeStub();
const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
const load = loader._load;
loader._load = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? stub : load.call(this, request, ...rest);
};

const loadedFiles = () =>
  Object.keys(require.cache)
    .filter((file) => file.startsWith(extensionDir + path.sep))
    .map((file) => path.relative(extensionDir, file))
    .sort();

const main = JSON.parse(readFileSync(path.join(extensionDir, 'package.json'), 'utf8')).main as string;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loading it the way the extension host does is the point
const exported = Object.keys(require(path.join(extensionDir, main)) as object);
const steps = [{ loaded: main, files: loadedFiles() }];
for (const file of thenLoad) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
  require(path.join(extensionDir, file));
  steps.push({ loaded: file, files: loadedFiles() });
}
process.stdout.write(JSON.stringify({ exported, steps }));
