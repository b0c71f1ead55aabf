import type * as vscode from 'vscode';
import type { LineChange } from '../core/report/mapMarkLines';

/** An edit's changes as core maps marks through them. */
export function lineChangesOf(event: vscode.TextDocumentChangeEvent): LineChange[] {
  return event.contentChanges.map((change) => ({
    startLine: change.range.start.line,
    startCharacter: change.range.start.character,
    endLine: change.range.end.line,
    endCharacter: change.range.end.character,
    text: change.text,
  }));
}
