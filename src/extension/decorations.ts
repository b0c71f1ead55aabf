import * as vscode from 'vscode';
import { annotationText } from '../core/report/annotation';
import { verdictRank, worstVerdict, type Verdict } from '../core/policy/verdict';
import { isHalfTypedSpec } from '../core/report/halfTypedSpec';
import { mapMarkLineThrough } from '../core/report/mapMarkLines';
import { Colors, CONFIGURATION_SECTION } from './constants';
import type { FeatureDeps } from './featureDeps';
import { lineChangesOf } from './lineChanges';
import type { ManifestReport } from './manifestFindings';
import type { DecorationMode } from './settings';

/** Shown after the last verdict of a line being edited, until the edited text is checked. */
const PENDING = ' …';

/** What one editor line shows after its text. */
export interface LineAnnotation {
  readonly line: number;
  readonly verdict: Verdict;
  readonly text: string;
  /** The line was edited since this verdict was made: it stays until the new one is known. */
  readonly pending?: boolean;
}

/**
 * The verdict after each dependency line, colored by verdict. Marks are replaced only by the
 * marks of a newer report for the text the editor shows: between an edit and its report, VS Code
 * keeps the old marks on their lines (they move with the text), so nothing flickers or vanishes
 * while the user types, and a half-typed line never costs the other lines their marks.
 */
/** The marks shown for a document, and the document version they were computed for. */
export interface RenderedAnnotations {
  readonly version: number;
  readonly annotations: readonly LineAnnotation[];
  /** The text of each annotated line when it was rendered. */
  readonly lineTexts: readonly string[];
}

export interface Decorations extends vscode.Disposable {
  /** What the editors showing `uri` display now; undefined when none does. */
  shownFor(uri: vscode.Uri): RenderedAnnotations | undefined;
}

export function registerDecorations(deps: Pick<FeatureDeps, 'findings' | 'settings' | 'log'>): Decorations {
  const types = new Map<Verdict, vscode.TextEditorDecorationType>(
    (['deny', 'review', 'unknown', 'allow'] as const).map((verdict) => [
      verdict,
      vscode.window.createTextEditorDecorationType({
        // Closed ends: typing at the end of a dependency line keeps the mark after the new text.
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
        after: { color: new vscode.ThemeColor(Colors[verdict]), margin: '0 0 0 2em', fontStyle: 'normal' },
      }),
    ]),
  );
  // Pending is a mark of its own after the verdict: the verdict's text stays as it is, so VS Code keeps its style
  // (it drops the style of a text no longer shown at once, and redraws the line only at the next frame).
  const pendingType = vscode.window.createTextEditorDecorationType({
    after: { contentText: PENDING, color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'normal' },
    // Enter at the end of the line leaves it on this line.
    rangeBehavior: vscode.DecorationRangeBehavior.OpenClosed,
  });
  /** Per editor document: the report version whose marks are shown, to skip redundant work. */
  const shown = new WeakMap<vscode.TextEditor, ManifestReport>();
  const rendered = new Map<string, RenderedAnnotations>();
  /** What is drawn now per document, from a report or mapped through the edits since: the base for mapping the next edit. */
  const drawn = new Map<string, { readonly version: number; readonly annotations: readonly LineAnnotation[]; readonly lineTexts: readonly string[] }>();
  /** Per document: the marks of lines an edit deleted, by their text, so that undo or a paste of that line brings its mark back at once. */
  const removed = new Map<string, Map<string, LineAnnotation>>();

  /** Per editor: what each decoration type was last given (lines and texts), as VS Code tracks it through edits since. */
  const given = new WeakMap<vscode.TextEditor, Map<vscode.TextEditorDecorationType, string>>();

  /**
   * Gives VS Code only what changed. VS Code applies ranges to the text it holds when they arrive, which may
   * already have the next keystroke: ranges sent for nothing new could land a line off for a moment.
   * `tracked`: VS Code moved the marks with the edit just as `annotations` says, so they need not be sent.
   */
  const draw = (editor: vscode.TextEditor, annotations: readonly LineAnnotation[], tracked = false) => {
    const last = given.get(editor) ?? new Map<vscode.TextEditorDecorationType, string>();
    given.set(editor, last);
    const give = (type: vscode.TextEditorDecorationType, marks: readonly LineAnnotation[], options: () => vscode.DecorationOptions[]) => {
      const signature = JSON.stringify(marks.map((annotation) => [annotation.line, annotation.text]));
      if (last.get(type) !== signature) {
        last.set(type, signature);
        if (!tracked) {
          editor.setDecorations(type, options());
        }
      }
    };
    for (const [verdict, type] of types) {
      const marks = annotations.filter((annotation) => annotation.verdict === verdict);
      give(type, marks, () => marks.map((annotation) => decorationFor(editor.document, annotation)));
    }
    // The pending mark is not tracked by VS Code the way the mapping says (it is new on an edit): always given.
    const pending = annotations.filter((annotation) => annotation.pending);
    const pendingSignature = JSON.stringify(pending.map((annotation) => annotation.line));
    if (last.get(pendingType) !== pendingSignature) {
      last.set(pendingType, pendingSignature);
      editor.setDecorations(
        pendingType,
        pending.map((annotation) => editor.document.lineAt(Math.min(annotation.line, editor.document.lineCount - 1)).range.end).map((end) => new vscode.Range(end, end)),
      );
    }
    const lineTexts = annotations.map((annotation) => (annotation.line < editor.document.lineCount ? editor.document.lineAt(annotation.line).text.trim() : ''));
    drawn.set(editor.document.uri.toString(), { version: editor.document.version, annotations, lineTexts });
  };

  /** Per document: the render that shows half-typed lines' fresh verdicts once the typing pauses. */
  const holdTimers = new Map<string, ReturnType<typeof setTimeout>>();

  const render = (editor: vscode.TextEditor, report: ManifestReport | undefined, paused = false) => {
    const key = editor.document.uri.toString();
    clearTimeout(holdTimers.get(key));
    holdTimers.delete(key);
    const mode = deps.settings(editor.document.uri).decorations.mode;
    const fresh = report && mode !== 'off' ? lineAnnotations(report, mode) : [];
    const previous = rendered.get(key);
    // A half-typed line can make the parser lose sight of a neighbour (an unclosed string runs
    // on); until the text parses again, such a line keeps the mark it had.
    let annotations = report && report.manifest.problems.length > 0 && previous ? keepLostMarks(fresh, previous, editor.document) : fresh;
    const held = report && !paused ? heldLines(report, shown.get(editor), drawn.get(key)?.annotations ?? []) : new Map<number, LineAnnotation>();
    if (held.size > 0) {
      annotations = [...annotations.filter((annotation) => !held.has(annotation.line)), ...held.values()].sort((a, b) => a.line - b.line);
      holdTimers.set(
        key,
        setTimeout(() => {
          holdTimers.delete(key);
          if (report && vscode.window.visibleTextEditors.includes(editor) && fitsDocument(report, editor.document)) {
            render(editor, report, true);
          }
        }, HOLD_MS),
      );
    }
    draw(editor, annotations);
    if (report) {
      shown.set(editor, report);
    }
    rendered.set(editor.document.uri.toString(), { version: editor.document.version, annotations, lineTexts: annotations.map((annotation) => editor.document.lineAt(annotation.line).text) });
  };
  /** Marks only for the exact text the editor holds; an older report would put them on the wrong lines. */
  const update = async (editor: vscode.TextEditor, force: boolean) => {
    const report = deps.findings.reportFor(editor.document.uri);
    if (report && fitsDocument(report, editor.document)) {
      if (force || shown.get(editor) !== report) {
        render(editor, report);
      }
      return;
    }
    const current = await deps.findings.current(editor.document).catch((error: unknown) => {
      deps.log.warn(`Could not check ${editor.document.uri.toString(true)}: ${String(error)}`);
      return undefined;
    });
    if (current && fitsDocument(current, editor.document) && vscode.window.visibleTextEditors.includes(editor)) {
      render(editor, current);
    }
  };
  const updateVisible = (force: boolean) => vscode.window.visibleTextEditors.forEach((editor) => void update(editor, force));

  updateVisible(false);
  const disposable = vscode.Disposable.from(
    ...types.values(),
    pendingType,
    deps.findings.onDidChange(({ uri, report }) => {
      for (const editor of vscode.window.visibleTextEditors) {
        if (editor.document.uri.toString() === uri.toString() && (!report || fitsDocument(report, editor.document))) {
          render(editor, report);
        }
      }
    }),
    vscode.window.onDidChangeVisibleTextEditors(() => updateVisible(false)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${CONFIGURATION_SECTION}.decorations`)) {
        updateVisible(true);
      }
    }),
    // Between an edit and the report for the new text, the marks drawn are moved with the text at once (or
    // dropped with their line; an edited line's mark shows it is pending), never left where the old text had them.
    vscode.workspace.onDidChangeTextDocument((event) => {
      const key = event.document.uri.toString();
      const before = drawn.get(key);
      if (before === undefined || event.contentChanges.length === 0) {
        return;
      }
      const changes = lineChangesOf(event);
      const gone = removed.get(key) ?? new Map<string, LineAnnotation>();
      removed.set(key, gone);
      const moved = before.annotations.flatMap((annotation, index): LineAnnotation[] => {
        const mapped = mapMarkLineThrough(annotation.line, changes);
        if (mapped === undefined || mapped.line >= event.document.lineCount) {
          rememberRemoved(gone, before.lineTexts[index], annotation);
          return [];
        }
        return [{ ...annotation, line: mapped.line, ...(mapped.edited ? { pending: true } : {}) }];
      });
      const restored = changes.some((change) => change.text.includes('\n')) ? restoreRemoved(gone, moved, event.document) : [];
      // VS Code moves the marks with the text itself, except one whose text was deleted: it stays where the text
      // was (the start of the next line) until it is taken away.
      const tracked = moved.length === before.annotations.length && restored.length === 0;
      moved.push(...restored);
      moved.sort((a, b) => a.line - b.line);
      for (const editor of vscode.window.visibleTextEditors) {
        if (editor.document.uri.toString() === key) {
          draw(editor, moved, tracked);
        }
      }
    }),
    { dispose: () => holdTimers.forEach((timer) => clearTimeout(timer)) },
    vscode.workspace.onDidCloseTextDocument((document) => {
      rendered.delete(document.uri.toString());
      drawn.delete(document.uri.toString());
      removed.delete(document.uri.toString());
    }),
  );
  return {
    shownFor: (uri) => rendered.get(uri.toString()),
    dispose: () => disposable.dispose(),
  };
}

/** How many deleted lines' marks a document remembers for undo. */
const MAX_REMOVED = 100;

function rememberRemoved(gone: Map<string, LineAnnotation>, text: string | undefined, annotation: LineAnnotation): void {
  if (text === undefined || text === '') {
    return;
  }
  gone.delete(text);
  gone.set(text, annotation);
  if (gone.size > MAX_REMOVED) {
    gone.delete(gone.keys().next().value ?? '');
  }
}

/** The remembered marks of lines that are back (undo, a paste of the line), on their lines, pending until checked. */
function restoreRemoved(gone: Map<string, LineAnnotation>, marked: readonly LineAnnotation[], document: vscode.TextDocument): LineAnnotation[] {
  if (gone.size === 0) {
    return [];
  }
  const taken = new Set(marked.map((annotation) => annotation.line));
  const restored: LineAnnotation[] = [];
  for (let line = 0; line < document.lineCount; line++) {
    const text = document.lineAt(line).text.trim();
    const mark = taken.has(line) ? undefined : gone.get(text);
    if (mark) {
      gone.delete(text);
      restored.push({ ...mark, line, pending: true });
    }
  }
  return restored;
}

/** How long a half-typed requirement keeps its line's last verdict after the last report: a pause in typing. */
const HOLD_MS = 1500;

/**
 * The lines whose requirement is half-typed (`1.` on the way to `1.37`) and that show their last
 * verdict pending: they keep it rather than flash "no license data" at every keystroke.
 */
function heldLines(report: ManifestReport, previous: ManifestReport | undefined, drawnNow: readonly LineAnnotation[]): Map<number, LineAnnotation> {
  const held = new Map<number, LineAnnotation>();
  if (previous === undefined) {
    return held;
  }
  const pending = new Map(drawnNow.filter((annotation) => annotation.pending).map((annotation) => [annotation.line, annotation]));
  for (const { dependency } of report.findings) {
    const line = report.lines.positionAt(dependency.nameRange.start).line;
    const mark = pending.get(line);
    const before = mark && previous.findings.find((item) => item.dependency.name === dependency.name && item.dependency.ecosystem === dependency.ecosystem)?.dependency;
    if (mark && before && isHalfTypedSpec(dependency.ecosystem, before.spec, dependency.spec)) {
      held.set(line, mark);
    }
  }
  return held;
}

/**
 * The fresh marks plus, for every previously marked line the fresh report no longer marks, the
 * old mark on the line that still has exactly that text (the one nearest its old place).
 */
function keepLostMarks(fresh: readonly LineAnnotation[], previous: RenderedAnnotations, document: vscode.TextDocument): LineAnnotation[] {
  const marked = new Set(fresh.map((annotation) => annotation.line));
  const linesByText = new Map<string, number[]>();
  for (let line = 0; line < document.lineCount; line++) {
    const text = document.lineAt(line).text;
    linesByText.set(text, [...(linesByText.get(text) ?? []), line]);
  }
  const kept = [...fresh];
  previous.annotations.forEach((annotation, index) => {
    const candidates = (linesByText.get(previous.lineTexts[index]) ?? []).filter((line) => !marked.has(line));
    if (candidates.length === 0 || previous.lineTexts[index].trim() === '') {
      return;
    }
    const nearest = candidates.reduce((best, line) => (Math.abs(line - annotation.line) < Math.abs(best - annotation.line) ? line : best));
    marked.add(nearest);
    kept.push({ ...annotation, line: nearest });
  });
  return kept.sort((a, b) => a.line - b.line);
}

/** A report fits a document when it was computed from the text the document holds now. */
function fitsDocument(report: ManifestReport, document: vscode.TextDocument): boolean {
  return report.documentVersion === undefined ? !document.isDirty && report.lines.text === document.getText() : report.documentVersion === document.version;
}

/** One annotation per line: dependencies sharing a line are joined, in the color of the worst. */
export function lineAnnotations(report: ManifestReport, mode: Exclude<DecorationMode, 'off'>): LineAnnotation[] {
  const byLine = new Map<number, { verdict: Verdict; parts: { name: string; text: string }[] }>();
  for (const { dependency, finding } of report.findings) {
    const line = report.lines.positionAt(dependency.nameRange.start).line;
    const entry = byLine.get(line);
    const part = { name: dependency.name, text: annotationText(finding, mode) };
    if (entry) {
      entry.verdict = worstVerdict(entry.verdict, finding.shown);
      entry.parts.push(part);
    } else {
      byLine.set(line, { verdict: finding.shown, parts: [part] });
    }
  }
  return [...byLine.entries()]
    .map(([line, entry]) => ({
      line,
      verdict: entry.verdict,
      text: entry.parts.length === 1 ? entry.parts[0].text : entry.parts.map((part) => `${part.name} ${part.text}`).join('   '),
    }))
    .sort((a, b) => a.line - b.line || verdictRank(a.verdict) - verdictRank(b.verdict));
}


function decorationFor(document: vscode.TextDocument, annotation: LineAnnotation): vscode.DecorationOptions {
  const line = document.lineAt(Math.min(annotation.line, document.lineCount - 1));
  // The line's text, closed at both ends: Enter at its end leaves the mark on this line, not on the new one.
  const start = line.isEmptyOrWhitespace ? line.range.end : new vscode.Position(line.lineNumber, line.firstNonWhitespaceCharacterIndex);
  return {
    range: new vscode.Range(start, line.range.end),
    renderOptions: { after: { contentText: annotation.text } },
  };
}
