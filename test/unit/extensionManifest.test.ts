import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const nls: Record<string, string> = JSON.parse(readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8'));
const contributes = manifest.contributes;

/** Every `%key%` placeholder in a JSON value. */
function placeholders(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') {
    const match = /^%([^%]+)%$/.exec(value);
    if (match) {
      found.push(match[1]);
    }
  } else if (Array.isArray(value)) {
    value.forEach((item) => placeholders(item, found));
  } else if (value !== null && typeof value === 'object') {
    Object.values(value).forEach((item) => placeholders(item, found));
  }
  return found;
}

describe('package.json contributions', () => {
  it('every user-visible string is localizable and every placeholder has its English text', () => {
    const keys = placeholders(manifest);
    assert.ok(keys.length > 40);
    assert.deepEqual(keys.filter((key) => typeof nls[key] !== 'string' || nls[key] === ''), []);
    assert.deepEqual(Object.keys(nls).filter((key) => !keys.includes(key)), [], 'unused entries in package.nls.json');
    for (const command of contributes.commands) {
      assert.match(command.title, /^%.+%$/, command.command);
    }
  });

  it('every command has a category, and the internal ones are hidden from the palette', () => {
    const hidden = new Set(contributes.menus.commandPalette.filter((entry: { when: string }) => entry.when === 'false').map((entry: { command: string }) => entry.command));
    const constants = readFileSync(path.join(ROOT, 'src/extension/constants.ts'), 'utf8');
    for (const command of contributes.commands) {
      assert.equal(command.category, '%command.category%', command.command);
      assert.ok(constants.includes(`'${command.command}'`), `${command.command} is not in constants.ts`);
    }
    for (const internal of ['ospoGuide.openTraining', 'ospoGuide.requestException', 'ospoGuide.revealDependency', 'ospoGuide.tree.showProblemsOnly', 'ospoGuide.tree.showAll']) {
      assert.ok(hidden.has(internal), `${internal} shows in the palette`);
    }
  });

  it('every setting has a scope and a Markdown description, enums describe their values, and settings.ts reads each', () => {
    const settingsSource = readFileSync(path.join(ROOT, 'src/extension/settings.ts'), 'utf8');
    for (const [key, setting] of Object.entries<Record<string, unknown>>(contributes.configuration.properties)) {
      assert.ok(typeof setting.scope === 'string', `${key} has no scope`);
      assert.ok(typeof setting.markdownDescription === 'string', `${key} has no markdownDescription`);
      if (Array.isArray(setting.enum)) {
        assert.equal((setting.markdownEnumDescriptions as unknown[] | undefined)?.length ?? setting.enum.length, setting.enum.length, key);
      }
      assert.ok(settingsSource.includes(`'${key.slice('ospoGuide.'.length)}'`), `settings.ts does not read ${key}`);
    }
  });

  it('the walkthrough media and the colors exist', () => {
    const media = new Set(readdirSync(path.join(ROOT, 'media/walkthrough')));
    for (const step of contributes.walkthroughs[0].steps) {
      assert.ok(media.has(path.basename(step.media.markdown)), step.media.markdown);
    }
    const colorIds = contributes.colors.map((color: { id: string }) => color.id);
    assert.deepEqual(colorIds.sort(), ['ospoGuide.allowForeground', 'ospoGuide.denyForeground', 'ospoGuide.reviewForeground', 'ospoGuide.unknownForeground']);
  });
});
