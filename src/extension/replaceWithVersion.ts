import * as vscode from 'vscode';
import { exactRequirement, versionProblem } from '../core/manifests/alternativeRequirement';
import { replacementEdits } from '../core/manifests/dependencyEdits';
import { Commands } from './constants';
import { reportForText, toVscodeRange } from './dependencyLocation';
import type { FeatureDeps } from './featureDeps';
import { showWarning } from './log';

/** What the quick fix hands the command: which dependency to replace by which package, inside which approved range. */
export interface ReplaceRequest {
  readonly uri: string;
  /** The dependency's name as the manifest writes it, and where it was when the fix was offered. */
  readonly dependency: string;
  readonly offset: number;
  /** The alternative's name as the manifest writes it. */
  readonly name: string;
  /** The feed's npm-style range the version must lie in; absent: any version. */
  readonly range?: string;
}

function isReplaceRequest(value: unknown): value is ReplaceRequest {
  const request = value as Partial<ReplaceRequest> | null;
  return (
    typeof request === 'object' &&
    request !== null &&
    typeof request.uri === 'string' &&
    typeof request.dependency === 'string' &&
    typeof request.offset === 'number' &&
    typeof request.name === 'string' &&
    (request.range === undefined || typeof request.range === 'string')
  );
}

/**
 * `ospoGuide.replaceWithVersion`: the quick fix for a manifest that needs one exact version (go.mod)
 * where neither the feed nor a registry gave one. Asks for the version, checked as the manifest
 * needs it (and inside the approved range), then replaces the dependency as an undoable edit.
 */
export function registerReplaceWithVersion(deps: FeatureDeps): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.replaceWithVersion, async (argument: unknown) => {
    if (!isReplaceRequest(argument) || !vscode.workspace.isTrusted) {
      return false;
    }
    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === argument.uri);
    const kind = document === undefined ? undefined : (await reportForText(deps, document))?.manifest.kind;
    if (document === undefined || kind === undefined) {
      return false;
    }
    const { name, range } = argument;
    const version = await vscode.window.showInputBox({
      title: vscode.l10n.t('Replace {0} with {1}', argument.dependency, name),
      prompt: range === undefined ? vscode.l10n.t('The version of {0} to require', name) : vscode.l10n.t('The version of {0} to require; the OSPO approved {1}', name, range),
      placeHolder: kind === 'gomod' ? 'v1.2.3' : '1.2.3',
      ignoreFocusOut: true,
      validateInput: (text) => versionProblem(kind, name, range, text),
    });
    const spec = version === undefined ? null : exactRequirement(kind, name, version);
    if (spec === null) {
      return false;
    }
    // The text may have changed while the box was open: find the dependency again, nearest to where it was.
    const report = await reportForText(deps, document);
    const candidates = (report?.findings ?? []).filter(({ dependency }) => dependency.name === argument.dependency);
    candidates.sort((a, b) => Math.abs(a.dependency.nameRange.start - argument.offset) - Math.abs(b.dependency.nameRange.start - argument.offset));
    const edits = report === undefined || candidates.length === 0 ? null : replacementEdits(kind, report.lines.text, candidates[0].dependency, { name, spec });
    if (report === undefined || edits === null) {
      void showWarning(deps.log, vscode.l10n.t('{0} changed while the version was asked for; nothing was replaced.', document.uri.path.split('/').pop() ?? ''));
      return false;
    }
    const edit = new vscode.WorkspaceEdit();
    for (const { range: textRange, newText } of edits) {
      edit.replace(document.uri, toVscodeRange(report, textRange), newText);
    }
    return vscode.workspace.applyEdit(edit);
  });
}
