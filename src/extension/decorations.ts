import * as vscode from 'vscode';
import { annotationText } from '../core/report/annotation';
import { verdictRank, worstVerdict, type Verdict } from '../core/policy/verdict';
import { mapMarkLineThrough } from '../core/report/mapMarkLines';
import { Colors, CONFIGURATION_SECTION } from './constants';
import type { FeatureDeps } from './featureDeps';
import type { ManifestReport } from './manifestFindings';
import type { DecorationMode } from './settings';

/** What one editor line shows after its text. */
export interface LineAnnotation {
  readonly line: number;
  readonly verdict: Verdict;
  readonly text: string;
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
  /** Per editor document: the report version whose marks are shown, to skip redundant work. */
  const shown = new WeakMap<vscode.TextEditor, ManifestReport>();
  const rendered = new Map<string, RenderedAnnotations>();
  /** What is drawn now per document, from a report or mapped through the edits since: the base for mapping the next edit. */
  const drawn = new Map<string, { readonly version: number; readonly annotations: readonly LineAnnotation[] }>();

  const draw = (editor: vscode.TextEditor, annotations: readonly LineAnnotation[]) => {
    for (const [verdict, type] of types) {
      editor.setDecorations(
        type,
        annotations.filter((annotation) => annotation.verdict === verdict).map((annotation) => decorationFor(editor.document, annotation)),
      );
    }
    drawn.set(editor.document.uri.toString(), { version: editor.document.version, annotations });
  };

  const render = (editor: vscode.TextEditor, report: ManifestReport | undefined) => {
    const mode = deps.settings(editor.document.uri).decorations.mode;
    const fresh = report && mode !== 'off' ? lineAnnotations(report, mode) : [];
    const previous = rendered.get(editor.document.uri.toString());
    // A half-typed line can make the parser lose sight of a neighbour (an unclosed string runs
    // on); until the text parses again, such a line keeps the mark it had.
    const annotations = report && report.manifest.problems.length > 0 && previous ? keepLostMarks(fresh, previous, editor.document) : fresh;
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
      const changes = event.contentChanges.map((change) => ({
        startLine: change.range.start.line,
        startCharacter: change.range.start.character,
        endLine: change.range.end.line,
        endCharacter: change.range.end.character,
        text: change.text,
      }));
      const moved = before.annotations.flatMap((annotation): LineAnnotation[] => {
        const mapped = mapMarkLineThrough(annotation.line, changes);
        return mapped === undefined || mapped.line >= event.document.lineCount ? [] : [{ ...annotation, line: mapped.line, ...(mapped.edited ? { text: pendingText(annotation.text) } : {}) }];
      });
      for (const editor of vscode.window.visibleTextEditors) {
        if (editor.document.uri.toString() === key) {
          draw(editor, moved);
        }
      }
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      rendered.delete(document.uri.toString());
      drawn.delete(document.uri.toString());
    }),
  );
  return {
    shownFor: (uri) => rendered.get(uri.toString()),
    dispose: () => disposable.dispose(),
  };
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

/** The last verdict of a line being edited, until the edited text is checked. */
function pendingText(text: string): string {
  return text.endsWith(' …') ? text : `${text} …`;
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
