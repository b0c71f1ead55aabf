import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { fixtureUri, openFixture, revert } from './fixtureDocuments';
import { activeApi } from './ospoGuideApi';
import { type Frame, type KeyStep, pressKeys, renderedLines, screenshotsAvailable, type RenderedLine } from './screenshots';
import { judgeFrames, PENDING_MARK, verdictMarks, type JudgeOptions } from './typingJudge';
import { waitFor } from './waitFor';

const EVERY_MS = 30;

/** A small pom.xml the tests create (the fixture workspace has none, and other tests count its manifests). */
const POM = `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId>
  <artifactId>typing</artifactId>
  <version>1.0.0</version>
  <dependencies>
    <dependency>
      <groupId>com.google.guava</groupId>
      <artifactId>guava</artifactId>
      <version>33.2.1-jre</version>
    </dependency>
    <dependency>
      <groupId>junit</groupId>
      <artifactId>junit</artifactId>
      <version>4.13.2</version>
    </dependency>
  </dependencies>
</project>
`;

interface Scenario {
  readonly title: string;
  readonly file: string;
  /** Where the cursor goes: the line containing this text, at its end (or at `column`). */
  readonly line: string;
  readonly column?: number | 'end';
  /** Text to select on that line before the keys (typing a version replaces it). */
  readonly select?: string;
  readonly keys: readonly KeyStep[];
  readonly delayMs: number;
  /** Deleting a line: VS Code draws the deleted line's mark where its text was until the extension host redraws. */
  readonly deletesLine?: boolean;
  readonly judge?: JudgeOptions;
  /** What the settled editor must show afterwards: line text fragment → mark prefix ('' for none). */
  readonly settled?: Readonly<Record<string, string>>;
}

const typeSlowly = (text: string): KeyStep[] => [...text].map((character) => ({ type: character }));

const SCENARIOS: readonly Scenario[] = [
  {
    title: 'package.json: End + Enter on a dependency and typing a new one at 10 keys a second',
    file: 'package.json',
    line: '"express"',
    keys: [{ key: 'End' }, { key: 'Enter' }, ...typeSlowly('"brand-new": "^1.0.0",')],
    delayMs: 100,
    judge: { halfTyped: (_text, mark) => mark.startsWith('? no license data') },
    settled: { '"express"': '✓ MIT', '"brand-new"': '? no license data' },
  },
  {
    title: 'package.json: "," + Enter after the last dependency and typing a new one',
    file: 'package.json',
    line: '"my-lodash"',
    keys: [{ key: 'End' }, { type: ',' }, { key: 'Enter' }, ...typeSlowly('"brand-new": "^1.0.0"')],
    delayMs: 60,
    judge: { halfTyped: (_text, mark) => mark.startsWith('? no license data') },
    settled: { '"devDependencies"': '', '"typescript"': '✓ Apache-2.0', '"brand-new"': '? no license data' },
  },
  {
    title: 'package.json: Ctrl+Shift+K on a dependency',
    file: 'package.json',
    line: '"express"',
    column: 4,
    keys: [{ key: 'Control+Shift+K' }],
    delayMs: 0,
    deletesLine: true,
    settled: { '"left-pad"': '✖ WTFPL', '"express"': '' },
  },
  {
    title: 'package.json: copying two dependency lines and pasting them above another',
    file: 'package.json',
    line: '"express"',
    column: 0,
    // ArrowRight ends the selection at its end: the start of the my-lodash line, where the copy is pasted.
    keys: [{ key: 'Shift+ArrowDown' }, { key: 'Shift+ArrowDown' }, { key: 'Control+C' }, { key: 'ArrowRight' }, { key: 'Control+V' }],
    delayMs: 80,
    settled: { '"my-lodash"': '⚠ MIT' },
  },
  {
    title: 'package.json: deleting a line, undo and redo',
    file: 'package.json',
    line: '"left-pad"',
    column: 4,
    keys: [{ key: 'Control+Shift+K' }, { key: 'Control+Z' }, { key: 'Control+Shift+Z' }, { key: 'Control+Z' }],
    delayMs: 400,
    deletesLine: true,
    settled: { '"left-pad"': '✖ WTFPL', '"express"': '✓ MIT' },
  },
  {
    title: 'package.json: typing a version over the old one',
    file: 'package.json',
    line: '"left-pad"',
    select: '1.3.0',
    keys: typeSlowly('1.3.1'),
    delayMs: 150,
    judge: { edited: '"left-pad"' },
    settled: { '"left-pad"': '✖ WTFPL' },
  },
  {
    title: 'go.mod: End + Enter on a requirement and typing a new one',
    file: 'go.mod',
    line: 'github.com/gin-gonic/gin',
    keys: [{ key: 'End' }, { key: 'Enter' }, ...typeSlowly('github.com/brand/new v1.0.0')],
    delayMs: 60,
    judge: { halfTyped: (_text, mark) => mark.startsWith('? no license data') },
  },
  {
    title: 'go.mod: typing a version over the old one',
    file: 'go.mod',
    line: 'github.com/spf13/cobra',
    select: 'v1.8.1',
    keys: typeSlowly('v1.8.0'),
    delayMs: 150,
    judge: { edited: 'github.com/spf13/cobra' },
  },
  {
    title: 'go.mod: Ctrl+Shift+K on a requirement',
    file: 'go.mod',
    line: 'github.com/gin-gonic/gin',
    column: 1,
    keys: [{ key: 'Control+Shift+K' }],
    delayMs: 0,
    deletesLine: true,
  },
  {
    title: 'requirements.txt: End + Enter and typing a requirement; typing a version',
    file: 'requirements.txt',
    line: 'requests==',
    keys: [{ key: 'End' }, { key: 'Enter' }, ...typeSlowly('flask==3.0.3')],
    delayMs: 60,
    judge: { halfTyped: (_text, mark) => mark.startsWith('? no license data') },
  },
  {
    title: 'requirements.txt: typing a version over the old one',
    file: 'requirements.txt',
    line: 'requests==',
    select: '2.32.3',
    keys: typeSlowly('2.31.0'),
    delayMs: 150,
    judge: { edited: 'requests==' },
  },
  {
    title: 'requirements.txt: Ctrl+Shift+K, undo and redo',
    file: 'requirements.txt',
    line: 'requests==',
    column: 0,
    keys: [{ key: 'Control+Shift+K' }, { key: 'Control+Z' }, { key: 'Control+Shift+Z' }],
    delayMs: 400,
    deletesLine: true,
  },
  {
    title: 'Cargo.toml: End + Enter and typing a dependency; typing a version',
    file: 'Cargo.toml',
    line: 'tokio =',
    keys: [{ key: 'End' }, { key: 'Enter' }, ...typeSlowly('anyhow = "1.0"')],
    delayMs: 60,
    judge: { halfTyped: (_text, mark) => mark.startsWith('? no license data') },
  },
  {
    title: 'Cargo.toml: typing a version over the old one',
    file: 'Cargo.toml',
    line: 'tokio =',
    select: '1.38',
    keys: typeSlowly('1.37'),
    delayMs: 150,
    judge: { edited: 'tokio =' },
  },
  {
    title: 'Cargo.toml: Ctrl+Shift+K on a dependency',
    file: 'Cargo.toml',
    line: 'tokio =',
    column: 0,
    keys: [{ key: 'Control+Shift+K' }],
    delayMs: 0,
    deletesLine: true,
  },
  {
    title: 'pom.xml: typing a version over the old one',
    file: 'typing/pom.xml',
    line: '<version>4.13.2',
    select: '4.13.2',
    keys: typeSlowly('4.13.1'),
    delayMs: 150,
    judge: { edited: '<version>4.13' },
  },
  {
    title: 'pom.xml: deleting a dependency element line by line, then undo',
    file: 'typing/pom.xml',
    line: '<groupId>com.google.guava',
    column: 0,
    keys: [{ key: 'ArrowUp' }, { key: 'Shift+ArrowDown' }, { key: 'Shift+ArrowDown' }, { key: 'Shift+ArrowDown' }, { key: 'Shift+ArrowDown' }, { key: 'Control+Shift+K' }, { key: 'Control+Z' }],
    delayMs: 400,
    deletesLine: true,
  },
];

/** The rendered lines once the marks stopped changing (two reads 400 ms apart agree, none pending). */
async function settledLines(): Promise<RenderedLine[]> {
  let last = '';
  let lines: RenderedLine[] = [];
  await waitFor(async () => {
    lines = await renderedLines();
    const now = JSON.stringify(lines);
    const stable = now === last && !lines.some((line) => line.marks.includes(PENDING_MARK));
    last = now;
    if (!stable) {
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
    return stable;
  }, 'the marks to settle', 15_000);
  return lines;
}

function placeCursor(editor: vscode.TextEditor, scenario: Scenario): void {
  const lines = editor.document.getText().split('\n');
  const line = lines.findIndex((text) => text.includes(scenario.line));
  assert.notEqual(line, -1, `no line with ${scenario.line}`);
  const text = lines[line];
  if (scenario.select !== undefined) {
    const start = text.indexOf(scenario.select);
    editor.selection = new vscode.Selection(line, start, line, start + scenario.select.length);
  } else {
    const column = scenario.column === undefined || scenario.column === 'end' ? text.length : scenario.column;
    editor.selection = new vscode.Selection(line, column, line, column);
  }
}

/** Keeps what the screen showed, for the record (test-results/frames/). */
function record(title: string, before: readonly RenderedLine[], frames: readonly Frame[], after: readonly RenderedLine[]): void {
  const folder = path.join(__dirname, '..', '..', '..', 'test-results', 'frames');
  mkdirSync(folder, { recursive: true });
  const start = frames[0]?.at ?? 0;
  const show = (lines: readonly RenderedLine[]) => lines.map((line) => `${String(line.line ?? '').padStart(3)} ${line.text}${line.marks.length > 0 ? `   ⟨${line.marks.join(' | ')}⟩` : ''}`).join('\n');
  const changed = frames.filter((frame, index) => index === 0 || JSON.stringify(frame.lines) !== JSON.stringify(frames[index - 1].lines));
  const text = [`# ${title} (frames from ${start})`, '## before', show(before), ...changed.map((frame) => `## ${frame.at - start} ms\n${show(frame.lines)}`), '## settled', show(after)].join('\n\n');
  writeFileSync(path.join(folder, `${title.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 80)}.txt`), text);
}

suite('marks while typing, as the browser draws them', () => {
  suiteSetup(async function () {
    if (!screenshotsAvailable()) {
      this.skip();
    }
    await activeApi();
    await vscode.workspace.fs.writeFile(fixtureUri('typing/pom.xml'), new TextEncoder().encode(POM));
  });

  suiteTeardown(async () => {
    await vscode.workspace.fs.delete(fixtureUri('typing'), { recursive: true });
  });

  for (const scenario of SCENARIOS) {
    test(scenario.title, async function () {
      this.timeout(120_000);
      const editor = await openFixture(scenario.file);
      const { document } = editor;
      try {
        await waitFor(async () => (await renderedLines()).some((line) => line.marks.length > 0), `the marks of ${scenario.file}`);
        const before = await settledLines();
        if (scenario.deletesLine) {
          // A long debounce: a mark left where a deleted line was would stay until the new report, a second later.
          await vscode.workspace.getConfiguration('ospoGuide').update('parse.debounceMs', 1000, vscode.ConfigurationTarget.Global);
        }
        placeCursor(editor, scenario);
        // Keys go to whatever has the browser's focus: the editor must have it before the first one.
        await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
        await new Promise((resolve) => setTimeout(resolve, 200));
        const frames = await pressKeys(scenario.keys, scenario.delayMs, { everyMs: EVERY_MS, settleMs: 1500 });
        await vscode.workspace.getConfiguration('ospoGuide').update('parse.debounceMs', undefined, vscode.ConfigurationTarget.Global);
        const after = await settledLines();
        record(scenario.title, before, frames, after);
        const wrong = judgeFrames(before, frames, after, scenario.judge);
        if (scenario.deletesLine) {
          // The round trip to the extension host: a frame or two on a quiet machine, never until the report.
          const wrongFrames = new Set(wrong.map((entry) => entry.split(':')[0])).size;
          assert.ok(wrongFrames * EVERY_MS < 300, `misplaced or missing marks in ${wrongFrames} of ${frames.length} frames: ${wrong.slice(0, 4).join('; ')}`);
        } else {
          assert.deepEqual(wrong.slice(0, 6), [], `${wrong.length} wrong marks in ${frames.length} frames`);
        }
        for (const [fragment, mark] of Object.entries(scenario.settled ?? {})) {
          const line = after.find((item) => item.text.includes(fragment));
          const shown = line === undefined ? '' : (verdictMarks(line)[0] ?? '');
          assert.ok(mark === '' ? line === undefined || shown === '' : shown.startsWith(mark), `settled: ${fragment} shows "${shown}", expected "${mark}"`);
        }
      } finally {
        await vscode.workspace.getConfiguration('ospoGuide').update('parse.debounceMs', undefined, vscode.ConfigurationTarget.Global);
        await revert(document);
      }
    });
  }
});

suite('problems while typing, as the Problems panel draws them', () => {
  suiteSetup(function () {
    if (!screenshotsAvailable()) {
      this.skip();
    }
  });

  test('Ctrl+Shift+K on a denied dependency: its problem leaves the Problems panel at once, not when the new text is checked', async function () {
    this.timeout(90_000);
    await activeApi();
    const editor = await openFixture('package.json');
    const { document } = editor;
    try {
      await vscode.commands.executeCommand('workbench.actions.view.problems');
      await waitFor(() => vscode.languages.getDiagnostics(document.uri).some((diagnostic) => diagnostic.message.startsWith('left-pad')), 'the left-pad problem');
      // A long debounce: a problem left behind would stay until the new report, two seconds later.
      await vscode.workspace.getConfiguration('ospoGuide').update('parse.debounceMs', 2000, vscode.ConfigurationTarget.Global);
      await openFixture('package.json');
      placeCursor(editor, { title: '', file: 'package.json', line: '"left-pad"', column: 4, keys: [], delayMs: 0 });
      await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
      await new Promise((resolve) => setTimeout(resolve, 200));
      const frames = await pressKeys([{ key: 'Control+Shift+K' }], 0, { everyMs: EVERY_MS, settleMs: 1200, problems: true });
      assert.ok(frames[0]?.problems?.some((row) => row.includes('left-pad')), `the Problems panel showed left-pad before: ${JSON.stringify(frames[0]?.problems)}`);
      const start = frames[0]?.at ?? 0;
      const lastWith = frames.filter((frame) => frame.problems?.some((row) => row.includes('left-pad'))).at(-1);
      const shownFor = (lastWith?.at ?? start) - start;
      assert.ok(shownFor < 500, `the deleted dependency's problem stayed ${shownFor} ms in the Problems panel`);
      assert.ok(frames.at(-1)?.problems?.some((row) => row.includes('my-lodash')), 'the other problems stay');
    } finally {
      await vscode.workspace.getConfiguration('ospoGuide').update('parse.debounceMs', undefined, vscode.ConfigurationTarget.Global);
      await revert(document);
    }
  });
});
