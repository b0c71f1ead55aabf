import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Range, validRange } from 'semver';
import { resolveMaven } from '../../src/core/data/maven';
import { pickVersion } from '../../src/core/data/registry/pickVersion';
import { alternativeRequirement, versionFromListing } from '../../src/core/manifests/alternativeRequirement';
import { applyEdits, replacementEdits, specEdits } from '../../src/core/manifests/dependencyEdits';
import { parseManifest } from '../../src/core/manifests';
import { atLeastSpec, ecosystemOfKind, pinBelowSpec } from '../../src/core/manifests/requirementSyntax';
import type { ManifestKind } from '../../src/core/manifests/types';
import { specToRange } from '../../src/core/policy/versions';

/**
 * Every edit a quick fix makes, in every manifest format, checked by the ecosystem's own tool:
 * `go mod edit -json`, `cargo metadata`, Python's `packaging`, RubyGems' `Gem::Requirement` (the
 * Gemfile evaluated as Ruby), `composer validate`, npm's `semver`, Maven's own `VersionRange`.
 * A missing tool skips its test and says so in the test title.
 */

interface Fixture {
  readonly kind: ManifestKind;
  readonly label: string;
  readonly text: string;
  /** The dependency the fixes act on. */
  readonly dependency: string;
  /** The approved alternative, as the manifest writes its name. */
  readonly alternative: string;
}

const FIXTURES: readonly Fixture[] = [
  { kind: 'npm', label: 'package.json', text: '{\n  "name": "x",\n  "dependencies": {\n    "left-pad": "1.3.0"\n  }\n}\n', dependency: 'left-pad', alternative: 'string.prototype.padstart' },
  {
    kind: 'gomod',
    label: 'go.mod',
    text: 'module example.com/app\n\ngo 1.19\n\nrequire (\n\tgithub.com/hashicorp/terraform v1.5.7\n\tgithub.com/spf13/cobra v1.8.1\n)\n',
    dependency: 'github.com/hashicorp/terraform',
    alternative: 'github.com/opentofu/opentofu',
  },
  { kind: 'requirements', label: 'requirements.txt', text: 'requests==2.32.3\nflask[async]>=2.0 ; python_version >= "3.9"\n', dependency: 'flask', alternative: 'quart' },
  { kind: 'requirements', label: 'requirements.txt without a spec', text: 'requests==2.32.3\nflask\n', dependency: 'flask', alternative: 'quart' },
  { kind: 'pyproject', label: 'pyproject.toml (PEP 621)', text: '[project]\nname = "x"\nversion = "0.1"\ndependencies = ["requests>=2", "flask[async]>=2.0"]\n', dependency: 'flask', alternative: 'quart' },
  {
    kind: 'pyproject',
    label: 'pyproject.toml (Poetry)',
    text: '[tool.poetry]\nname = "x"\nversion = "0.1.0"\ndescription = ""\nauthors = []\n\n[tool.poetry.dependencies]\npython = ">=3.11"\nflask = ">=2.0"\n',
    dependency: 'flask',
    alternative: 'quart',
  },
  {
    kind: 'pipfile',
    label: 'Pipfile',
    text: '[[source]]\nurl = "https://pypi.org/simple"\nverify_ssl = true\nname = "pypi"\n\n[packages]\nrequests = "*"\nflask = {version = ">=2.0", extras = ["async"]}\n',
    dependency: 'flask',
    alternative: 'quart',
  },
  { kind: 'cargo', label: 'Cargo.toml', text: '[package]\nname = "fixture"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nold = { version = "1.0", features = ["derive"] }\nserde = "1"\n', dependency: 'old', alternative: 'new-crate' },
  {
    kind: 'composer',
    label: 'composer.json',
    text: '{\n  "name": "acme/app",\n  "description": "x",\n  "license": "MIT",\n  "require": {\n    "php": ">=8.1",\n    "old/lib": "^1.0"\n  }\n}\n',
    dependency: 'old/lib',
    alternative: 'new/lib',
  },
  { kind: 'gemfile', label: 'Gemfile', text: "source 'https://rubygems.org'\ngem 'rack', '>= 2', '< 3'\ngem \"pg\"\n", dependency: 'rack', alternative: 'rack-next' },
  { kind: 'gemfile', label: 'Gemfile without a version', text: "source 'https://rubygems.org'\ngem 'rack', '>= 2', '< 3'\ngem \"pg\"\n", dependency: 'pg', alternative: 'trilogy' },
  {
    kind: 'maven',
    label: 'pom.xml',
    text:
      '<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>com.acme</groupId>\n  <artifactId>app</artifactId>\n  <version>1.0</version>\n  <dependencies>\n    <dependency>\n      <groupId>org.old</groupId>\n      <artifactId>lib</artifactId>\n      <version>1.2</version>\n    </dependency>\n  </dependencies>\n</project>\n',
    dependency: 'org.old:lib',
    alternative: 'org.new:lib',
  },
  { kind: 'gradle', label: 'build.gradle', text: "plugins { id 'java' }\n\ndependencies {\n  implementation 'org.old:lib:1.2'\n}\n", dependency: 'org.old:lib', alternative: 'org.new:lib' },
];

/** Feed ranges (npm-style) the alternatives carry. */
const FEED_SPECS = ['^1.6.0', '>=1.2.0 <1.5.0', '1.2.3', '~1.4.2', '>=2.0.0', '<3.0.0', '^0.3.1', '>1.0.0 <=1.9.9', '>=1.0.0 <2.0.0 || >=3.0.0 <4.0.0', '*'];

/** What the Go proxy might list for the alternative module. */
const GO_LISTING = ['v1.5.0', 'v1.6.0', 'v1.6.2', 'v1.7.0', 'v1.8.0-rc.1'].map((version) => ({ version }));

/** Releases every written spec is checked on: it must admit exactly what the feed's range admits. */
const SAMPLES = ['0.2.0', '0.3.0', '0.3.1', '0.3.9', '0.4.0', '1.0.0', '1.0.1', '1.1.0', '1.2.0', '1.2.3', '1.4.1', '1.4.2', '1.4.9', '1.5.0', '1.6.0', '1.6.2', '1.9.9', '1.39.9', '1.40.0', '1.41.0', '2.0.0', '2.5.0', '3.0.0', '3.5.0', '4.0.0'];

interface Edited {
  readonly fixture: Fixture;
  readonly what: string;
  readonly text: string;
  /** The dependency name the edit leaves, and its spec as written (undefined: any version). */
  readonly name: string;
  readonly spec: string | undefined;
  /** The npm-style range it must mean; absent for exact versions the fix chose. */
  readonly range?: string;
}

function dependencyOf(kind: ManifestKind, text: string, name: string) {
  const found = parseManifest(kind, text).dependencies.find((dependency) => dependency.name === name);
  assert.ok(found, `${name} not parsed`);
  return found;
}

/** Every edit the fixes make, computed as `codeActions.ts` does; the fixes not offered are listed apart. */
function allEdits(): { edited: Edited[]; notOffered: string[] } {
  const edited: Edited[] = [];
  const notOffered: string[] = [];
  for (const fixture of FIXTURES) {
    const dependency = dependencyOf(fixture.kind, fixture.text, fixture.dependency);
    const alternatives: { what: string; spec?: string; version?: string }[] = [
      ...FEED_SPECS.map((spec) => ({ what: `replace, spec ${spec}`, spec })),
      { what: 'replace without a spec' },
      ...(fixture.kind === 'gomod' ? [{ what: 'replace, spec ^1.6.0 and version v1.6.2', spec: '^1.6.0', version: 'v1.6.2' }] : []),
    ];
    for (const alternative of alternatives) {
      let requirement = alternativeRequirement(fixture.kind, fixture.alternative, alternative);
      if (requirement.kind === 'needs-version') {
        const found = fixture.kind === 'gomod' ? versionFromListing(fixture.kind, fixture.alternative, requirement.range, GO_LISTING) : null;
        requirement = found === null ? requirement : { kind: 'write', spec: found };
      }
      const edits = requirement.kind === 'write' ? replacementEdits(fixture.kind, fixture.text, dependency, { name: fixture.alternative, ...(requirement.spec !== undefined ? { spec: requirement.spec } : {}) }) : null;
      if (edits === null || requirement.kind !== 'write') {
        notOffered.push(`${fixture.label}: ${alternative.what} (${requirement.kind})`);
        continue;
      }
      // go.mod takes one version chosen inside the range, not the range: checked apart.
      const exactChoice = alternative.version !== undefined || fixture.kind === 'gomod';
      edited.push({
        fixture,
        what: alternative.what,
        text: applyEdits(fixture.text, edits),
        name: fixture.alternative,
        spec: requirement.spec,
        ...(alternative.spec !== undefined && !exactChoice ? { range: alternative.spec } : {}),
      });
    }
    for (const [what, spec, range] of [
      ['pin below 1.40.0', pinBelowSpec(fixture.kind, '1.40.0'), '<1.40.0'],
      ['require 1.40.0 or later', atLeastSpec(fixture.kind, '1.40.0'), '>=1.40.0'],
    ] as const) {
      const edits = spec === null ? null : specEdits(fixture.kind, fixture.text, dependency, spec);
      if (spec === null || edits === null) {
        notOffered.push(`${fixture.label}: ${what}`);
        continue;
      }
      edited.push({ fixture, what, text: applyEdits(fixture.text, edits), name: fixture.dependency, spec, range });
    }
  }
  return { edited, notOffered };
}

const { edited: EDITED, notOffered: NOT_OFFERED } = allEdits();

function editedOf(kinds: readonly ManifestKind[]): Edited[] {
  return EDITED.filter((entry) => kinds.includes(entry.fixture.kind));
}

interface Run {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | string | null;
}

function run(command: string, args: readonly string[], options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ stdout, stderr, code: error ? ((error as NodeJS.ErrnoException).code ?? 1) : 0 });
    });
    child.stdin?.on('error', () => undefined); // a tool that reads no input closes its end early
    child.stdin?.end(options.input ?? '');
  });
}

/** Skips the test, naming the missing tool in its title so that the report shows why. */
function skipWithReason(context: Mocha.Context, reason: string): never {
  if (context.test) {
    context.test.title += ` — SKIPPED: ${reason}`;
  }
  context.skip();
}

const PYTHON_CHECK = String.raw`
import json, sys, tomllib, xml.etree.ElementTree as ET
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
out = []
for item in json.load(sys.stdin):
    kind, text, name = item["kind"], item["text"], item["name"]
    try:
        found = None
        if kind == "requirements":
            for line in text.splitlines():
                if line.strip():
                    requirement = Requirement(line)
                    if requirement.name == name:
                        found = str(requirement.specifier)
        elif kind == "pyproject" and "[project]" in text:
            for line in tomllib.loads(text)["project"]["dependencies"]:
                requirement = Requirement(line)
                if requirement.name == name:
                    found = str(requirement.specifier)
        elif kind in ("pyproject", "pipfile"):
            data = tomllib.loads(text)
            table = data["packages"] if kind == "pipfile" else data["tool"]["poetry"]["dependencies"]
            value = table[name]
            value = value["version"] if isinstance(value, dict) else value
            found = "*" if value == "*" else str(SpecifierSet(value))
        elif kind == "maven":
            ns = {"m": "http://maven.apache.org/POM/4.0.0"}
            for dependency in ET.fromstring(text).iter("{http://maven.apache.org/POM/4.0.0}dependency"):
                coordinate = dependency.find("m:groupId", ns).text + ":" + dependency.find("m:artifactId", ns).text
                if coordinate == name:
                    found = dependency.find("m:version", ns).text
        out.append({"ok": found is not None, "found": found})
    except Exception as error:
        out.append({"ok": False, "error": type(error).__name__ + ": " + str(error)})
print(json.dumps(out))
`;

const RUBY_CHECK = String.raw`
require 'json'
class Collect
  attr_reader :gems
  def initialize; @gems = {}; end
  def source(*); end
  def ruby(*); end
  def gemspec(*); end
  def group(*); yield if block_given?; end
  def gem(name, *requirements, **)
    @gems[name] = Gem::Requirement.new(*requirements).as_list
  end
end
out = JSON.parse(STDIN.read).map do |text|
  begin
    collect = Collect.new
    collect.instance_eval(text)
    { 'ok' => true, 'gems' => collect.gems }
  rescue Exception => error
    { 'ok' => false, 'error' => "#{error.class}: #{error.message}" }
  end
end
puts JSON.generate(out)
`;

const COMPOSER_SEMVER = '/usr/share/php/Composer/Semver/autoload.php';

/** For each composer.json: every `require` constraint parsed by Composer's VersionParser, and the sample versions it admits. */
const PHP_CHECK = `
require '${COMPOSER_SEMVER}';
$input = json_decode(stream_get_contents(STDIN), true);
$parser = new Composer\\Semver\\VersionParser();
$out = [];
foreach ($input['texts'] as $text) {
  try {
    $json = json_decode($text, true, 512, JSON_THROW_ON_ERROR);
    $require = [];
    foreach ($json['require'] as $name => $constraint) {
      $parsed = $parser->parseConstraints($constraint);
      $require[$name] = array_values(array_filter($input['samples'], fn ($sample) => $parsed->matches(new Composer\\Semver\\Constraint\\Constraint('==', $parser->normalize($sample)))));
    }
    $out[] = ['ok' => true, 'require' => $require];
  } catch (Throwable $error) {
    $out[] = ['ok' => false, 'error' => get_class($error) . ': ' . $error->getMessage()];
  }
}
echo json_encode($out);
`;

const MAVEN_CHECK = `
import java.io.*;
import java.util.*;
import org.apache.maven.artifact.versioning.*;
public class MavenCheck {
  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
    for (String line; (line = in.readLine()) != null; ) {
      String[] parts = line.split("\\t");
      try {
        VersionRange range = VersionRange.createFromVersionSpec(parts[1]);
        if (parts[0].equals("parse")) {
          System.out.println("ok\\t" + range.getRestrictions() + "\\t" + range.getRecommendedVersion());
        } else {
          List<ArtifactVersion> versions = new ArrayList<>();
          for (String version : parts[2].split(",")) versions.add(new DefaultArtifactVersion(version));
          System.out.println("ok\\t" + range.matchVersion(versions));
        }
      } catch (Exception error) {
        System.out.println("bad\\t" + error.getMessage());
      }
    }
  }
}
`;

const MAVEN_CLASSPATH = ['/usr/share/maven/lib/maven-artifact-3.x.jar', '/usr/share/maven/lib/commons-lang3.jar'];

/** How Maven prints the restrictions of a range we wrote: `[1,2),[3,)` → `[[1,2), [3,)]`, `[1.2.3]` → `[[1.2.3,1.2.3]]`. */
function mavenRestrictions(spec: string): string {
  const sets = spec.split(/(?<=[\])]),/).map((set) => (/^\[[^,]*\]$/.test(set) ? `[${set.slice(1, -1)},${set.slice(1, -1)}]` : set));
  return `[${sets.join(', ')}]`;
}

const MAVEN_RELEASES = ['7.9.0', '7.10.0', '7.10.2', '7.11.0-RC1', '7.11.0', '7.12.0'];
const MAVEN_RANGES = ['(,7.11.0)', '[7.10.0,)', '[7.0.0,8.0.0)', '[7.10.0]', '(,7.10.0],[7.12.0,)', '[7.10.0,7.11.0)'];

/** The version a Maven or Gradle edit wrote, read independently of our parser for Gradle. */
function mavenSpecOf(entry: Edited): string {
  return (entry.fixture.kind === 'gradle' ? gradleVersion(entry.text, entry.name) : dependencyOf('maven', entry.text, entry.name).spec) ?? '';
}

/** The version text of `group:artifact:version` string notation in a Gradle file. */
function gradleVersion(text: string, name: string): string | undefined {
  const start = text.indexOf(`'${name}:`);
  return start < 0 ? undefined : text.slice(start + name.length + 2, text.indexOf("'", start + 1));
}

describe('quick fixes leave valid manifests', function () {
  this.timeout(120_000);
  let scratch: string;
  let maven: Promise<Run & { readonly answers: Map<string, string> }> | undefined;

  /** One JVM for every Maven question of the file (it takes seconds to start): each input line to its answer line. */
  function askMaven(lines: readonly string[]): Promise<Run & { readonly answers: Map<string, string> }> {
    maven ??= (async () => {
      const source = path.join(scratch, 'MavenCheck.java');
      writeFileSync(source, MAVEN_CHECK);
      const result = await run('java', ['-cp', MAVEN_CLASSPATH.join(path.delimiter), source], { input: lines.join('\n') });
      const output = result.stdout.trim().split('\n');
      return { ...result, answers: new Map(lines.map((line, index) => [line, output[index] ?? ''])) };
    })();
    return maven;
  }

  /** Every line either Maven test asks, so that the first one to run asks them all. */
  function mavenQuestions(): string[] {
    const specs = editedOf(['maven', 'gradle']).map((entry) => `parse\t${mavenSpecOf(entry)}`);
    return [...specs, 'parse\t[1.6.0,2.0.0', ...MAVEN_RANGES.map((range) => `match\t${range}\t${MAVEN_RELEASES.join(',')}`)];
  }

  before(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'ospo-quickfix-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('computes an edit for every fix that is offered, and offers none that cannot be written', () => {
    assert.ok(EDITED.length > 100, `only ${EDITED.length} edits`);
    // Exactly these cannot be said: Go takes no range and no "any"; PEP 440, Cargo, RubyGems and Gradle no OR.
    assert.deepEqual(
      NOT_OFFERED.filter((entry) => !entry.startsWith('go.mod')).sort(),
      [
        'Cargo.toml: replace, spec >=1.0.0 <2.0.0 || >=3.0.0 <4.0.0 (none)',
        'Gemfile without a version: replace, spec >=1.0.0 <2.0.0 || >=3.0.0 <4.0.0 (none)',
        'Gemfile: replace, spec >=1.0.0 <2.0.0 || >=3.0.0 <4.0.0 (none)',
        'Pipfile: replace, spec >=1.0.0 <2.0.0 || >=3.0.0 <4.0.0 (none)',
        'build.gradle: replace without a spec (needs-version)',
        'build.gradle: replace, spec * (needs-version)',
        'build.gradle: replace, spec >=1.0.0 <2.0.0 || >=3.0.0 <4.0.0 (none)',
        'pom.xml: replace without a spec (needs-version)',
        'pom.xml: replace, spec * (needs-version)',
        'pyproject.toml (PEP 621): replace, spec >=1.0.0 <2.0.0 || >=3.0.0 <4.0.0 (none)',
        'pyproject.toml (Poetry): replace, spec >=1.0.0 <2.0.0 || >=3.0.0 <4.0.0 (none)',
        'requirements.txt without a spec: replace, spec >=1.0.0 <2.0.0 || >=3.0.0 <4.0.0 (none)',
        'requirements.txt: replace, spec >=1.0.0 <2.0.0 || >=3.0.0 <4.0.0 (none)',
      ],
    );
    const goTexts = editedOf(['gomod']).map((entry) => `${entry.what} → ${entry.spec}`);
    assert.deepEqual(goTexts, [
      'replace, spec ^1.6.0 → v1.6.0', // the lowest release inside the range
      'replace, spec >=1.2.0 <1.5.0 → null',
      'replace, spec 1.2.3 → v1.2.3',
      'replace, spec ~1.4.2 → null',
      'replace, spec >=2.0.0 → null',
      'replace, spec <3.0.0 → v1.5.0',
      'replace, spec ^0.3.1 → null',
      'replace, spec >1.0.0 <=1.9.9 → v1.5.0',
      'replace, spec >=1.0.0 <2.0.0 || >=3.0.0 <4.0.0 → v1.5.0',
      'replace, spec * → v1.7.0', // no range: the newest release
      'replace without a spec → v1.7.0',
      'replace, spec ^1.6.0 and version v1.6.2 → v1.6.2',
    ].filter((entry) => !entry.endsWith('→ null')));
    assert.ok(NOT_OFFERED.includes('go.mod: pin below 1.40.0') && NOT_OFFERED.includes('go.mod: replace, spec >=2.0.0 (needs-version)'), NOT_OFFERED.join('\n'));
  });

  it('our own parser reads every edited manifest back: the intended name and spec, nothing else changed', () => {
    for (const entry of EDITED) {
      const parsed = parseManifest(entry.fixture.kind, entry.text);
      const label = `${entry.fixture.label}, ${entry.what}:\n${entry.text}`;
      assert.deepEqual(parsed.problems, [], label);
      assert.equal(parsed.dependencies.length, parseManifest(entry.fixture.kind, entry.fixture.text).dependencies.length, label);
      const found = parsed.dependencies.find((dependency) => dependency.name === entry.name);
      assert.ok(found, label);
      const hadSpec = dependencyOf(entry.fixture.kind, entry.fixture.text, entry.fixture.dependency).spec !== null;
      const pep508 = ['requirements', 'pyproject'].includes(entry.fixture.kind) && entry.fixture.label !== 'pyproject.toml (Poetry)';
      const anyText = pep508 ? null : entry.fixture.kind === 'gemfile' ? (hadSpec ? '>= 0' : null) : '*';
      assert.equal(found.spec, entry.spec === undefined ? anyText : entry.spec.startsWith('v') || /^[<>=~!^]/.test(entry.spec) || !['requirements', 'pyproject'].includes(entry.fixture.kind) ? entry.spec : `==${entry.spec}`, label);
    }
  });

  it('each written spec means what the feed range means, as our data side reads it back', () => {
    for (const entry of EDITED) {
      if (entry.range === undefined || entry.spec === undefined) {
        continue;
      }
      const ecosystem = ecosystemOfKind(entry.fixture.kind);
      const written = specToRange(entry.spec, ecosystem);
      assert.ok(written, `${entry.fixture.label}: ${entry.spec} is not read back`);
      const feed = new Range(entry.range);
      for (const sample of SAMPLES) {
        assert.equal(written.test(sample), feed.test(sample), `${entry.fixture.label}, ${entry.what}: ${entry.spec} vs ${entry.range} at ${sample}`);
      }
    }
  });

  it('go.mod: the one version chosen lies inside the feed range', () => {
    for (const entry of editedOf(['gomod'])) {
      const feedSpec = /spec (.+?)(?: and version|$)/.exec(entry.what)?.[1];
      if (feedSpec !== undefined && entry.spec !== undefined) {
        assert.ok(new Range(feedSpec).test(entry.spec.slice(1)), `${entry.what}: ${entry.spec}`);
      }
    }
  });

  it('npm: semver.validRange (npm’s own range parser) accepts every package.json spec', () => {
    for (const entry of editedOf(['npm'])) {
      const spec = (JSON.parse(entry.text) as { dependencies: Record<string, string> }).dependencies[entry.name];
      assert.notEqual(validRange(spec), null, `${entry.what}: ${spec}`);
    }
  });

  it('go.mod: `go mod edit -json` reads every edited file, with the intended requirement', async function () {
    const version = await run('go', ['version']);
    if (version.code !== 0) {
      skipWithReason(this, `no go command (${String(version.code)})`);
    }
    const entries = editedOf(['gomod']);
    const results = await Promise.all(
      entries.map(async (entry, index) => {
        const dir = path.join(scratch, 'go', String(index));
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, 'go.mod'), entry.text);
        return run('go', ['mod', 'edit', '-json', path.join(dir, 'go.mod')], { env: { GOFLAGS: '', GOTOOLCHAIN: 'local', GOWORK: 'off' } });
      }),
    );
    entries.forEach((entry, index) => {
      const result = results[index];
      assert.equal(result.code, 0, `${entry.what}: ${result.stderr}\n${entry.text}`);
      const json = JSON.parse(result.stdout) as { Require: { Path: string; Version: string }[] };
      assert.ok(json.Require.some((require) => require.Path === entry.name && require.Version === entry.spec), `${entry.what}: ${result.stdout}`);
    });
    // The oracle can fail: the range the old fix wrote is refused.
    const bad = path.join(scratch, 'go', 'bad');
    mkdirSync(bad, { recursive: true });
    writeFileSync(path.join(bad, 'go.mod'), FIXTURES[1].text.replace('github.com/hashicorp/terraform v1.5.7', 'github.com/opentofu/opentofu ^1.6.0'));
    assert.notEqual((await run('go', ['mod', 'edit', '-json', path.join(bad, 'go.mod')], { env: { GOTOOLCHAIN: 'local' } })).code, 0);
  });

  it('Cargo.toml: `cargo metadata --no-deps --offline` reads every edited crate, with the intended requirement', async function () {
    const version = await run('cargo', ['--version']);
    if (version.code !== 0) {
      skipWithReason(this, `no cargo command (${String(version.code)})`);
    }
    const entries = editedOf(['cargo']);
    const root = path.join(scratch, 'cargo');
    const members = entries.map((entry, index) => {
      const dir = path.join(root, `c${index}`);
      mkdirSync(path.join(dir, 'src'), { recursive: true });
      writeFileSync(path.join(dir, 'src', 'lib.rs'), '');
      writeFileSync(path.join(dir, 'Cargo.toml'), entry.text.replace('name = "fixture"', `name = "fixture${index}"`));
      return `c${index}`;
    });
    writeFileSync(path.join(root, 'Cargo.toml'), `[workspace]\nresolver = "2"\nmembers = ${JSON.stringify(members)}\n`);
    const result = await run('cargo', ['metadata', '--no-deps', '--offline', '--format-version', '1'], { cwd: root, env: { CARGO_TARGET_DIR: path.join(root, 'target') } });
    assert.equal(result.code, 0, result.stderr);
    const metadata = JSON.parse(result.stdout) as { packages: { name: string; dependencies: { name: string; req: string }[] }[] };
    entries.forEach((entry, index) => {
      const crate = metadata.packages.find((candidate) => candidate.name === `fixture${index}`);
      const dependency = crate?.dependencies.find((candidate) => candidate.name === entry.name);
      assert.ok(dependency, `${entry.what}: ${JSON.stringify(crate)}`);
      assert.equal(dependency.req.replace(/\s/g, ''), (entry.spec ?? '*').replace(/\s/g, ''), entry.what);
    });
  });

  it('requirements.txt, pyproject.toml (PEP 621, Poetry), Pipfile: Python’s `packaging` parses every requirement; pom.xml is well-formed XML', async function () {
    const probe = await run('python3', ['-c', 'import packaging, tomllib']);
    if (probe.code !== 0) {
      skipWithReason(this, `python3 with packaging and tomllib (3.11+) not available: ${probe.stderr.trim().split('\n').pop() ?? ''}`);
    }
    const entries = editedOf(['requirements', 'pyproject', 'pipfile', 'maven']);
    const result = await run('python3', ['-c', PYTHON_CHECK], { input: JSON.stringify(entries.map((entry) => ({ kind: entry.fixture.kind, text: entry.text, name: entry.name }))) });
    assert.equal(result.code, 0, result.stderr);
    const answers = JSON.parse(result.stdout) as { ok: boolean; found?: string; error?: string }[];
    entries.forEach((entry, index) => {
      const answer = answers[index];
      assert.ok(answer.ok, `${entry.fixture.label}, ${entry.what}: ${answer.error ?? 'not found'}\n${entry.text}`);
      if (entry.fixture.kind === 'maven') {
        assert.equal(answer.found, entry.spec, entry.what);
      }
    });
    // The oracle can fail: a RubyGems-style requirement is not PEP 440.
    const bad = await run('python3', ['-c', PYTHON_CHECK], { input: JSON.stringify([{ kind: 'requirements', text: 'quart ~> 1.0\n', name: 'quart' }]) });
    assert.equal((JSON.parse(bad.stdout) as { ok: boolean }[])[0].ok, false);
  });

  it('Gemfile: evaluated as Ruby, every gem requirement passes Gem::Requirement.new', async function () {
    const probe = await run('ruby', ['-e', 'require "json"; puts Gem::Requirement.new(">= 1").to_s']);
    if (probe.code !== 0) {
      skipWithReason(this, `no ruby (${String(probe.code)})`);
    }
    const entries = editedOf(['gemfile']);
    const result = await run('ruby', ['-e', RUBY_CHECK], { input: JSON.stringify([...entries.map((entry) => entry.text), "gem 'x', '>= 1.6.0, < 2.0.0'\n"]) });
    assert.equal(result.code, 0, result.stderr);
    const answers = JSON.parse(result.stdout) as { ok: boolean; gems?: Record<string, string[]>; error?: string }[];
    entries.forEach((entry, index) => {
      const answer = answers[index];
      assert.ok(answer.ok, `${entry.what}: ${answer.error}\n${entry.text}`);
      const expected = (entry.spec ?? '>= 0').split(',').map((part) => part.trim().replace(/^(\d)/, '= $1'));
      assert.deepEqual([...(answer.gems?.[entry.name] ?? [])].sort(), expected.sort(), entry.what);
    });
    // The oracle can fail: two requirements in one string, as the old fix wrote them.
    assert.equal(answers[answers.length - 1].ok, false);
  });

  it('composer.json: Composer’s own VersionParser reads every constraint, admitting exactly the feed range; `composer validate` accepts the files', async function () {
    const env = { COMPOSER_HOME: path.join(scratch, 'composer-home'), COMPOSER_DISABLE_NETWORK: '1', COMPOSER_NO_INTERACTION: '1' };
    const probe = await run('php', ['-r', `require '${COMPOSER_SEMVER}'; echo 'ok';`]);
    if (probe.code !== 0) {
      skipWithReason(this, `php with Composer's semver library (${COMPOSER_SEMVER}) not available`);
    }
    const entries = editedOf(['composer']);
    const input = JSON.stringify({ samples: SAMPLES, texts: [...entries.map((entry) => entry.text), FIXTURES[8].text.replace('"^1.0"', '"~> 1.0"')] });
    const result = await run('php', ['-r', PHP_CHECK], { input });
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const answers = JSON.parse(result.stdout) as { ok: boolean; require?: Record<string, string[]>; error?: string }[];
    entries.forEach((entry, index) => {
      const answer = answers[index];
      assert.ok(answer.ok, `${entry.what}: ${answer.error}\n${entry.text}`);
      if (entry.range !== undefined) {
        assert.deepEqual(answer.require?.[entry.name], SAMPLES.filter((sample) => new Range(entry.range as string).test(sample)), `${entry.what}: ${entry.spec}`);
      }
    });
    // The oracle can fail: a RubyGems-style constraint is refused.
    assert.equal(answers[answers.length - 1].ok, false);
    // The whole validator, on the union the others cannot say and on a pin.
    const composer = await run('composer', ['--version'], { env });
    if (composer.code !== 0) {
      skipWithReason(this, `no composer command (${String(composer.code)}); the constraints were checked by its library`);
    }
    const checked = entries.filter((entry) => entry.what.includes('||') || entry.what.startsWith('pin'));
    const results = await Promise.all(
      checked.map((entry, index) => {
        const file = path.join(scratch, 'composer', String(index), 'composer.json');
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, entry.text);
        return run('composer', ['validate', '--no-check-all', '--no-check-publish', '--no-check-lock', '--no-check-version', file], { env });
      }),
    );
    checked.forEach((entry, index) => assert.equal(results[index].code, 0, `${entry.what}: ${results[index].stdout}${results[index].stderr}\n${entry.text}`));
  });

  it('pom.xml and build.gradle: Maven’s own VersionRange parses every version written, to the intended restrictions', async function () {
    const probe = await run('java', ['-version']);
    if (probe.code !== 0) {
      skipWithReason(this, `no java (${String(probe.code)})`);
    }
    const entries = editedOf(['maven', 'gradle']);
    const specs = entries.map(mavenSpecOf);
    const result = await askMaven(mavenQuestions());
    if (result.code !== 0 && /ClassNotFound|NoClassDefFound|could not find or load/i.test(result.stderr)) {
      skipWithReason(this, `Maven's libraries not found at ${MAVEN_CLASSPATH.join(', ')}`);
    }
    assert.equal(result.code, 0, result.stderr);
    entries.forEach((entry, index) => {
      const line = result.answers.get(`parse\t${specs[index]}`) ?? '';
      const [status, restrictions, recommended] = line.split('\t');
      assert.equal(status, 'ok', `${entry.fixture.label}, ${entry.what}: ${specs[index]} → ${line}`);
      assert.equal(specs[index], entry.spec, entry.what);
      if (/^[[(]/.test(specs[index])) {
        assert.equal(restrictions, mavenRestrictions(specs[index]), `${entry.what}: ${specs[index]}`);
      } else {
        assert.equal(recommended, specs[index], entry.what);
      }
    });
    assert.equal(result.answers.get('parse\t[1.6.0,2.0.0')?.split('\t')[0], 'bad', 'the oracle refuses an unclosed range');
  });

  describe('what a Maven or Gradle fix writes, the data side reads: the highest version inside the range, as Maven picks it', () => {
    const PUBLISHED = [...MAVEN_RELEASES, '8.0.0-SNAPSHOT'];

    it('pickVersion agrees with Maven’s VersionRange.matchVersion', async function () {
      const probe = await run('java', ['-version']);
      if (probe.code !== 0) {
        skipWithReason(this, `no java (${String(probe.code)})`);
      }
      const result = await askMaven(mavenQuestions());
      if (result.code !== 0 && /ClassNotFound|NoClassDefFound/i.test(result.stderr)) {
        skipWithReason(this, `Maven's libraries not found at ${MAVEN_CLASSPATH.join(', ')}`);
      }
      const picked = (range: string) => result.answers.get(`match\t${range}\t${MAVEN_RELEASES.join(',')}`)?.split('\t')[1];
      for (const range of MAVEN_RANGES) {
        assert.equal(pickVersion('maven', range, { versions: PUBLISHED.map((version) => ({ version })) })?.version, picked(range), range);
      }
      assert.equal(picked('(,7.11.0)'), '7.11.0-RC1', 'Maven takes a release candidate below the bound; so do we');
    });

    it('a pinned pom.xml and build.gradle resolve offline from the local stores, with the license of the version picked', async () => {
      const home = path.join(scratch, 'maven-home');
      for (const version of PUBLISHED) {
        const folder = path.join(home, '.m2', 'repository', 'org', 'demo', 'lib', version);
        mkdirSync(folder, { recursive: true });
        const license = version.startsWith('7.1') && version >= '7.11' ? 'Server Side Public License' : 'The Apache Software License, Version 2.0';
        writeFileSync(path.join(folder, `lib-${version}.pom`), `<project><modelVersion>4.0.0</modelVersion><groupId>org.demo</groupId><artifactId>lib</artifactId><version>${version}</version><licenses><license><name>${license}</name></license></licenses></project>`);
      }
      const pinned = pinBelowSpec('maven', '7.11.0');
      assert.equal(pinned, '(,7.11.0)');
      const pom = FIXTURES[11].text.replace('<groupId>org.old</groupId>', '<groupId>org.demo</groupId>');
      const edits = specEdits('maven', pom, dependencyOf('maven', pom, 'org.demo:lib'), pinned);
      assert.ok(edits);
      const project = path.join(scratch, 'maven-project');
      mkdirSync(project, { recursive: true });
      writeFileSync(path.join(project, 'pom.xml'), applyEdits(pom, edits));
      const resolved = await resolveMaven(project, { home, env: {} });
      const lib = resolved.packages.find((found) => found.name === 'org.demo:lib');
      assert.equal(lib?.version, '7.11.0-RC1', JSON.stringify(resolved));
      // At least the relicensed version: the newest release.
      const later = atLeastSpec('gradle', '7.11.0');
      assert.equal(later, '[7.11.0,)');
      const gradle = path.join(scratch, 'gradle-project');
      mkdirSync(gradle, { recursive: true });
      writeFileSync(path.join(gradle, 'build.gradle'), `dependencies {\n  implementation 'org.demo:lib:${later}'\n}\n`);
      const fromGradle = await resolveMaven(gradle, { home, env: {} });
      const gradleLib = fromGradle.packages.find((found) => found.name === 'org.demo:lib');
      assert.equal(gradleLib?.version, '7.12.0', JSON.stringify(fromGradle));
      assert.ok(gradleLib?.license, 'the license of the version picked is known');
    });
  });
});
