import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type { ManifestDependency } from '../../src/core/manifests/types';
import { deleteAfter, fixtureUri, insertAfter, openFixture, revert, textAt } from './fixtureDocuments';
import { activeApi, type OspoGuideApi } from './ospoGuideApi';

/** The fields these tests pin down, in manifest order. */
function summary(dependencies: readonly ManifestDependency[]): string[] {
  return dependencies.map((dependency) => {
    const alias = dependency.package ? ` (${dependency.package})` : '';
    return `${dependency.section}: ${dependency.name}${alias} ${dependency.spec ?? '<none>'}`;
  });
}

function assertRangesMatchText(document: vscode.TextDocument, dependencies: readonly ManifestDependency[]): void {
  for (const dependency of dependencies) {
    assert.equal(textAt(document, dependency.nameRange), dependency.name, `nameRange of ${dependency.name}`);
    if (dependency.specRange && dependency.spec !== null) {
      assert.equal(textAt(document, dependency.specRange), dependency.spec, `specRange of ${dependency.name}`);
    }
  }
}

const PACKAGE_JSON = [
  'dependencies: express ^4.19.2',
  'dependencies: left-pad 1.3.0',
  'dependencies: my-lodash (lodash) npm:lodash@^4.17.21',
  'devDependencies: typescript ~5.4.5',
  'peerDependencies: react >=18',
];

const CARGO_TOML = [
  'dependencies: serde 1.0.203',
  'dependencies: tokio 1.38',
  'dependencies: rand 0.8',
  'dev-dependencies: criterion 0.5',
];

suite('dependencies API', () => {
  let api: OspoGuideApi;

  suiteSetup(async () => {
    await openFixture('package.json');
    api = await activeApi();
  });

  test('reads package.json as saved', async () => {
    const { document } = await openFixture('package.json');
    const dependencies = await api.dependencies(document.uri);
    assert.deepEqual(summary(dependencies), PACKAGE_JSON);
    assert.ok(dependencies.every((dependency) => dependency.ecosystem === 'npm'));
    assertRangesMatchText(document, dependencies);
  });

  test('reads a Cargo.toml that is not open, given as a string URI', async () => {
    const dependencies = await api.dependencies(fixtureUri('Cargo.toml').toString());
    assert.deepEqual(summary(dependencies), CARGO_TOML);
    assert.ok(dependencies.every((dependency) => dependency.ecosystem === 'cargo'));
    assert.deepEqual(dependencies.find((dependency) => dependency.name === 'serde')?.extras, ['derive']);
    assert.equal(dependencies.find((dependency) => dependency.name === 'rand')?.optional, true);
  });

  test('sees an unsaved dependency added to package.json', async () => {
    const { document } = await openFixture('package.json');
    try {
      await insertAfter(document, '"express": "^4.19.2",', '\n    "chalk": "^5.3.0",');
      assert.equal(document.isDirty, true);
      const dependencies = await api.dependencies(document.uri);
      assert.deepEqual(summary(dependencies), [PACKAGE_JSON[0], 'dependencies: chalk ^5.3.0', ...PACKAGE_JSON.slice(1)]);
      assertRangesMatchText(document, dependencies);
    } finally {
      await revert(document);
    }
  });

  test('sees an unsaved dependency added to Cargo.toml', async () => {
    const { document } = await openFixture('Cargo.toml');
    try {
      await insertAfter(document, 'tokio = "1.38"', '\nanyhow = "1.0.86"');
      assert.equal(document.isDirty, true);
      const dependencies = await api.dependencies(document.uri);
      assert.deepEqual(summary(dependencies), [...CARGO_TOML.slice(0, 2), 'dependencies: anyhow 1.0.86', ...CARGO_TOML.slice(2)]);
      assertRangesMatchText(document, dependencies);
    } finally {
      await revert(document);
    }
  });

  test('keeps the other package.json dependencies while a string is half typed', async () => {
    const { document } = await openFixture('package.json');
    try {
      await deleteAfter(document, '"left-pad": "1.3.0', 1);
      assert.ok(document.getText().includes('"left-pad": "1.3.0,'), 'the closing quote was not deleted');
      const names = (await api.dependencies(document.uri)).map((dependency) => dependency.name);
      for (const name of ['express', 'typescript', 'react']) {
        assert.ok(names.includes(name), `${name} missing from ${names.join(', ')}`);
      }
    } finally {
      await revert(document);
    }
  });

  test('keeps the other Cargo.toml dependencies while an inline table is unclosed', async () => {
    const { document } = await openFixture('Cargo.toml');
    try {
      await deleteAfter(document, 'features = ["derive"] ', 1);
      assert.ok(document.getText().includes('features = ["derive"] \ntokio'), 'the closing brace was not deleted');
      const names = (await api.dependencies(document.uri)).map((dependency) => dependency.name);
      for (const name of ['tokio', 'rand', 'criterion']) {
        assert.ok(names.includes(name), `${name} missing from ${names.join(', ')}`);
      }
    } finally {
      await revert(document);
    }
  });
});
