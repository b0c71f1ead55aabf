import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ospoGuideExtension } from './ospoGuideApi';

const WORKING_TREE = path.resolve(__dirname, '../../..');

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

// Runs last in the VSIX pass (index.ts), after the trusted suite has driven the extension.
suite('the extension under test is the installed VSIX', () => {
  test('it runs from the server’s extensions folder, not from the working tree', () => {
    const extensionsDir = process.env.OSPO_GUIDE_EXTENSIONS_DIR;
    assert.ok(extensionsDir, 'the launcher names the extensions folder it installed the VSIX into');
    const { extensionPath } = ospoGuideExtension();
    assert.ok(isInside(extensionPath, extensionsDir), `${extensionPath} is not inside ${extensionsDir}`);
    assert.ok(!isInside(extensionPath, WORKING_TREE), `${extensionPath} is in the working tree`);
  });

  test('the extension host loaded its bundles from there, the lazy ones too, and nothing of the working tree but the tests', () => {
    const { extensionPath } = ospoGuideExtension();
    const loaded = Object.keys(require.cache);
    const outsideTests = loaded.filter((file) => isInside(file, WORKING_TREE) && !isInside(file, path.join(WORKING_TREE, 'out')) && !isInside(file, path.join(WORKING_TREE, 'node_modules')));
    assert.deepEqual(outsideTests, [], 'files of the working tree loaded besides the compiled tests and their dependencies');
    const installed = loaded.filter((file) => isInside(file, extensionPath)).map((file) => path.relative(extensionPath, file));
    // By now the guide panel's suite has rendered feed Markdown and the registry suite has asked for consent.
    for (const bundle of ['dist/extension.js', 'dist/markdownIt.js', 'dist/lookups.js']) {
      assert.ok(installed.includes(bundle), `${bundle} was not loaded from ${extensionPath} (loaded there: ${installed.join(', ')})`);
    }
  });
});
