import * as assert from 'node:assert/strict';
import { parse as parseToml } from 'smol-toml';
import { parseManifest, type ParsedManifest } from '../../src/core/manifests';
import { loadCorpus, type CorpusFile } from './support/corpus';

/**
 * Exact counts for formats without an independent parser to compare with, checked by reading
 * each file: requirement lines, require entries, gem lines, <dependency> elements outside plugins.
 */
const COUNTED_BY_HAND: Readonly<Record<string, number>> = {
  'gemfile/jekyll__jekyll__Gemfile': 59,
  'gemfile/rails__rails__Gemfile': 90,
  'gomod/cli__cli__go.mod': 158,
  'gomod/go-yaml__yaml__go.mod': 1,
  'gomod/golang__go__src_go.mod': 4,
  'gomod/gorilla__websocket__go.mod': 1,
  'gomod/prometheus__prometheus__go.mod': 250,
  'gradle/spring-projects__spring-petclinic__build.gradle': 25,
  'maven/apache__commons-lang__pom.xml': 7,
  'maven/apache__maven__pom.xml': 87,
  'maven/google__gson__gson_pom.xml': 5,
  'maven/google__gson__pom.xml': 2,
  'maven/spring-projects__spring-petclinic__pom.xml': 24,
  'requirements/django__django__tests_requirements_py3.txt': 20,
  'requirements/home-assistant__core__requirements_test.txt': 45,
  // edx-enterprise is a URL without #egg=, so it has no name to report.
  'requirements/openedx__edx-platform__requirements_edx_github.in': 10,
  // Only -r includes: no dependency of its own.
  'requirements/pypi__warehouse__requirements.txt': 0,
  'requirements/pypi__warehouse__requirements_deploy.txt': 8,
  'requirements/pytorch__pytorch__requirements.txt': 23,
};

describe('corpus of real manifests', () => {
  const corpus = loadCorpus();

  it('has files of every format', () => {
    assert.deepEqual(
      [...new Set(corpus.map((file) => file.kind))].sort(),
      ['cargo', 'composer', 'gemfile', 'gomod', 'gradle', 'maven', 'npm', 'pyproject', 'requirements'],
    );
  });

  for (const file of corpus) {
    describe(file.id, () => {
      let parsed: ParsedManifest;
      before(() => {
        parsed = parseManifest(file.kind, file.text);
      });

      it('parses without problems', () => {
        assert.deepEqual(parsed.problems, []);
      });

      it('finds as many dependencies as an independent count', () => {
        assert.equal(parsed.dependencies.length, expectedCount(file));
      });

      it('points every name and spec range at its text', () => {
        for (const dependency of parsed.dependencies) {
          const nameText = file.text.slice(dependency.nameRange.start, dependency.nameRange.end);
          assert.ok(nameText.length > 0 && dependency.name.endsWith(nameText.split(':').pop() ?? nameText), `${dependency.name} at "${nameText}"`);
          if (dependency.specRange && dependency.spec !== null) {
            assert.equal(file.text.slice(dependency.specRange.start, dependency.specRange.end).length > 0, true);
          }
        }
      });
    });
  }
});

function expectedCount(file: CorpusFile): number {
  switch (file.kind) {
    case 'npm':
      return countJsonMembers(file.text, ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'], () => true);
    case 'composer':
      return countJsonMembers(file.text, ['require', 'require-dev'], (name) => name.includes('/'));
    case 'cargo':
      return countCargo(parseToml(file.text));
    case 'pyproject':
      return countPyproject(parseToml(file.text));
    default: {
      const count = COUNTED_BY_HAND[file.id];
      assert.ok(count !== undefined, `no hand count for ${file.id}`);
      return count;
    }
  }
}

function countJsonMembers(text: string, sections: string[], keep: (name: string) => boolean): number {
  const manifest = JSON.parse(text) as Record<string, Record<string, unknown> | undefined>;
  return sections.reduce((sum, section) => sum + Object.keys(manifest[section] ?? {}).filter(keep).length, 0);
}

type Table = Record<string, unknown>;

function keysOf(value: unknown): number {
  return value && typeof value === 'object' ? Object.keys(value).length : 0;
}

function countCargo(manifest: Table): number {
  const tables = ['dependencies', 'dev-dependencies', 'build-dependencies'];
  let count = tables.reduce((sum, name) => sum + keysOf(manifest[name]), 0);
  for (const target of Object.values((manifest.target ?? {}) as Table)) {
    count += tables.reduce((sum, name) => sum + keysOf((target as Table)[name]), 0);
  }
  return count + keysOf((manifest.workspace as Table | undefined)?.dependencies);
}

function countPyproject(manifest: Table): number {
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((item) => typeof item === 'string').length : 0);
  const project = (manifest.project ?? {}) as Table;
  let count = strings(project.dependencies) + strings((manifest['build-system'] as Table | undefined)?.requires);
  for (const group of Object.values((project['optional-dependencies'] ?? {}) as Table)) {
    count += strings(group);
  }
  for (const group of Object.values((manifest['dependency-groups'] ?? {}) as Table)) {
    count += strings(group);
  }
  const tool = (manifest.tool ?? {}) as Table;
  count += strings((tool.uv as Table | undefined)?.['dev-dependencies']);
  const poetry = (tool.poetry ?? {}) as Table;
  const poetryTables = [poetry.dependencies, poetry['dev-dependencies'], ...Object.values((poetry.group ?? {}) as Table).map((group) => (group as Table).dependencies)];
  for (const table of poetryTables) {
    count += Object.keys((table ?? {}) as Table).filter((name) => name.toLowerCase() !== 'python').length;
  }
  return count;
}
