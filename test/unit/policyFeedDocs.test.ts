import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { FEED_USAGE } from '../../src/cli/feedCommand';
import { parseFeedBytes } from '../../src/core/feed/feedText';
import { mergeWorkspacePolicyText } from '../../src/core/feed/mergeWorkspacePolicy';
import { bundledDefaultFeed } from '../../src/core/policy/bundledFeed';
import type { PolicyFeed } from '../../src/core/policy/feedModel';
import { parseLicenseChoices } from '../../src/core/policy/licenseChoices';
import { fencedBlocks, headings } from './support/markdown';
import { REPO_ROOT } from './support/projectFiles';

// docs/policy-feed.md and docs/examples/ are what OSPO authors copy from: every example must be a
// file the tools accept, and the guide must name every field the JSON Schema (the contract) has.

const DOC = readFileSync(path.join(REPO_ROOT, 'docs/policy-feed.md'), 'utf8');
const EXAMPLES = path.join(REPO_ROOT, 'docs/examples');

interface SchemaNode {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
}

const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas/ospo-policy.schema.json'), 'utf8')) as SchemaNode;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const schemaAccepts = ajv.compile(schema);

function assertSchemaAccepts(json: unknown, what: string): void {
  assert.ok(schemaAccepts(json), `${what}: the JSON Schema refuses it: ${ajv.errorsText(schemaAccepts.errors)}`);
}

/** The schema and the project's own validator, on the exact text (duplicate keys, prototype keys). */
function assertValidFeed(text: string, what: string): PolicyFeed {
  assertSchemaAccepts(JSON.parse(text), what);
  const result = parseFeedBytes(Buffer.from(text, 'utf8'));
  assert.deepEqual(result.errors, [], `${what}: the feed validator refuses it`);
  assert.ok(result.feed);
  return result.feed;
}

const FULL_FEED_TEXT = readFileSync(path.join(EXAMPLES, 'full-feed.json'), 'utf8');

/** A repository policy example must be applied whole (nothing refused) and tighten, under the default and under a real feed. */
function assertRepositoryPolicy(text: string, what: string): void {
  // VS Code applies the feed's schema to `.ospo/policy.json` (package.json, jsonValidation).
  assertSchemaAccepts(JSON.parse(text), what);
  for (const organization of [bundledDefaultFeed(), assertValidFeed(FULL_FEED_TEXT, 'full-feed.json')]) {
    const merged = mergeWorkspacePolicyText(organization, text);
    assert.deepEqual(merged.ignored, [], `${what} on ${organization.id}: parts were refused`);
    assert.notEqual(merged.feed, organization, `${what} on ${organization.id}: tightened nothing`);
  }
}

function assertChoices(text: string, what: string): void {
  const recorded = Object.keys((JSON.parse(text) as { choices: object }).choices);
  assert.ok(recorded.length > 0, `${what}: no choices`);
  assert.deepEqual([...parseLicenseChoices(text).keys()], recorded, `${what}: choices the extension would not read`);
}

/** A fragment of one feed section, validated inside the smallest feed; array sections may show one item. */
function assertFeedSection(section: string, text: string, what: string): void {
  const node = schema.properties?.[section];
  assert.ok(node, `${what}: "${section}" is not a field of the feed`);
  const value = node.type === 'array' && !text.trimStart().startsWith('[') ? `[${text}]` : text;
  assertValidFeed(`{"schemaVersion": 1, "id": "docs", "version": 1, "issued": "2026-12-01T09:00:00Z", ${JSON.stringify(section)}: ${value}}`, what);
}

const packageJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, unknown> } } };
const SETTINGS = Object.keys(packageJson.contributes.configuration.properties);

function assertSettings(text: string, what: string): void {
  const unknown = Object.keys(JSON.parse(text) as object).filter((key) => !SETTINGS.includes(key));
  assert.deepEqual(unknown, [], `${what}: not settings of the extension`);
}

/** Every property path of the schema, `packages[].alternatives[].spec` style. */
function schemaPaths(node: SchemaNode, prefix = ''): string[] {
  if (node.type === 'array' && node.items) {
    return schemaPaths(node.items, `${prefix}[]`);
  }
  return Object.entries(node.properties ?? {}).flatMap(([key, child]) => {
    const at = prefix === '' ? key : `${prefix}.${key}`;
    return [at, ...schemaPaths(child, at)];
  });
}

function jsonPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((item) => jsonPaths(item, `${prefix}[]`));
  }
  if (value === null || typeof value !== 'object') {
    return [];
  }
  return Object.entries(value).flatMap(([key, child]) => {
    const at = prefix === '' ? key : `${prefix}.${key}`;
    return [at, ...jsonPaths(child, at)];
  });
}

describe('docs/policy-feed.md and docs/examples', () => {
  describe('every example file is accepted by the JSON Schema and by the tools', () => {
    const files = readdirSync(EXAMPLES).sort();

    it('has the examples the guide promises, each linked from it', () => {
      for (const name of ['minimal-feed.json', 'full-feed.json', 'repository-policy.json', 'choices.json']) {
        assert.ok(files.includes(name), `docs/examples/${name} is missing`);
      }
      for (const name of files) {
        assert.ok(DOC.includes(`](examples/${name})`), `docs/policy-feed.md does not link docs/examples/${name}`);
      }
    });

    for (const name of files) {
      it(name, () => {
        const text = readFileSync(path.join(EXAMPLES, name), 'utf8');
        if (name.endsWith('-feed.json')) {
          assertValidFeed(text, name);
        } else if (name === 'repository-policy.json') {
          assertRepositoryPolicy(text, name);
        } else if (name === 'choices.json') {
          assertChoices(text, name);
        } else {
          assert.fail(`docs/examples/${name}: name it *-feed.json, repository-policy.json or choices.json, so this test knows how to check it`);
        }
      });
    }

    it('full-feed.json uses every field the JSON Schema defines', () => {
      const used = new Set(jsonPaths(JSON.parse(FULL_FEED_TEXT)));
      assert.deepEqual(
        schemaPaths(schema).filter((field) => !used.has(field)),
        [],
      );
    });
  });

  describe('every JSON block of the guide is checked as what it is marked', () => {
    const blocks = fencedBlocks(DOC).filter((block) => /^json/.test(block.info));

    it('has feed blocks', () => {
      assert.ok(blocks.filter((block) => block.info === 'json feed').length >= 2);
    });

    for (const block of blocks) {
      const what = `docs/policy-feed.md:${block.line} (${block.info})`;
      it(what, () => {
        const [language, mark = ''] = block.info.split(/\s+/);
        assert.equal(language, 'json', `${what}: write \`\`\`json <mark>`);
        if (mark === 'feed') {
          assertValidFeed(block.text, what);
        } else if (mark.startsWith('feed:')) {
          assertFeedSection(mark.slice('feed:'.length), block.text, what);
        } else if (mark === 'repository-policy') {
          assertRepositoryPolicy(block.text, what);
        } else if (mark === 'choices') {
          assertChoices(block.text, what);
        } else if (mark === 'settings') {
          assertSettings(block.text, what);
        } else {
          assert.fail(`${what}: mark it feed, feed:<section>, repository-policy, choices or settings, so this test checks it`);
        }
      });
    }
  });

  describe('the guide keeps up with the schema, the settings and the CLI', () => {
    it('has a heading for every top-level field of the feed', () => {
      const headingText = headings(DOC).join('\n');
      assert.deepEqual(
        Object.keys(schema.properties ?? {}).filter((field) => !headingText.includes(`\`${field}\``)),
        [],
      );
    });

    it('names every field of the schema, at any depth', () => {
      const names = new Set(schemaPaths(schema).map((field) => field.replace(/\[\]/g, '').split('.').pop() ?? field));
      assert.deepEqual(
        [...names].filter((name) => !DOC.includes(`\`${name}\``)),
        [],
      );
    });

    it('names every policy setting of the extension', () => {
      assert.deepEqual(
        SETTINGS.filter((setting) => setting.startsWith('ospoGuide.policy.') && !DOC.includes(`\`${setting}\``)),
        [],
      );
    });

    it('names every feed subcommand and option of the CLI', () => {
      const subcommands = [...FEED_USAGE.matchAll(/ospo-guide feed (\w+)/g)].map((match) => `ospo-guide feed ${match[1]}`);
      const options = [...new Set([...FEED_USAGE.matchAll(/--[a-z-]+/g)].map((match) => match[0]))];
      assert.ok(subcommands.length >= 4);
      assert.deepEqual(
        [...subcommands, ...options].filter((word) => !DOC.includes(word)),
        [],
      );
    });
  });
});
