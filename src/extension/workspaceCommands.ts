import * as vscode from 'vscode';
import { contactChoices, type ContactChoice } from '../core/report/policySummaryMarkdown';
import { countWorkspace } from '../core/report/workspaceFindings';
import { workspaceCountsText, type WorkspaceCounts } from '../core/report/workspaceSummary';
import { Commands, Views } from './constants';
import { currentOspoReach, tellNoOspo } from './connectFeed';
import { toVscodeRange } from './dependencyLocation';
import type { FeatureDeps } from './featureDeps';
import { showError } from './log';

/** What `revealDependency` returns, for tests: the manifest and the selection made in it. */
export interface RevealedDependency {
  readonly uri: string;
  readonly text: string;
  readonly selection: { readonly start: { line: number; character: number }; readonly end: { line: number; character: number } };
}

export function registerWorkspaceCommands(deps: FeatureDeps): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(Commands.checkWorkspace, () => checkWorkspace(deps)),
    vscode.commands.registerCommand(Commands.askOspo, () => askOspo(deps)),
    vscode.commands.registerCommand(Commands.revealDependency, (uri: unknown, start: unknown, end: unknown) => revealDependency(deps, uri, start, end)),
  );
}

async function checkWorkspace(deps: FeatureDeps): Promise<WorkspaceCounts | undefined> {
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Checking the workspace against the OSPO policy') }, () => deps.findings.scanWorkspace());
    // The same counts and words as the status bar's tooltip: direct dependencies, transitive ones apart.
    const counts = countWorkspace(await deps.workspaceFindings.current());
    const message = workspaceCountsText(counts);
    const showProblems = vscode.l10n.t('Show Problems');
    // The Problems panel has the direct dependencies only; the Open Source view has both.
    const showView = vscode.l10n.t('Open Source View');
    const show = counts.deny + counts.review + counts.unknown > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    const target = (choice: string | undefined) => (choice === showProblems ? 'workbench.actions.view.problems' : choice === showView ? `${Views.inventory}.focus` : undefined);
    // Not awaited: the counts are the command's result whether or not the user answers.
    void Promise.resolve(counts.manifests === 0 ? show(message) : show(message, showProblems, showView)).then((choice) => {
      const command = target(choice);
      return command === undefined ? undefined : vscode.commands.executeCommand(command);
    });
    return counts;
  } catch (error) {
    await showError(deps.log, vscode.l10n.t('Checking the workspace failed.'), error);
    return undefined;
  }
}

/** Opens the OSPO contact the user picks (directly when there is only one); returns what was opened. */
async function askOspo(deps: FeatureDeps): Promise<string | undefined> {
  try {
    const { organization } = deps.policies.organization().policy.feed;
    const reach = currentOspoReach(deps);
    if (reach !== 'reachable') {
      tellNoOspo(deps, reach);
      return undefined;
    }
    const choices = contactChoices(organization);
    const choice = choices.length === 1 ? choices[0] : await pickContact(choices, organization.name);
    if (!choice) {
      return undefined;
    }
    await vscode.env.openExternal(vscode.Uri.parse(choice.target, true));
    return choice.target;
  } catch (error) {
    await showError(deps.log, vscode.l10n.t('Contacting the OSPO failed.'), error);
    return undefined;
  }
}

async function pickContact(choices: readonly ContactChoice[], organization: string): Promise<ContactChoice | undefined> {
  const kinds: Readonly<Record<ContactChoice['kind'], { label: string; icon: string }>> = {
    email: { label: vscode.l10n.t('Email'), icon: '$(mail)' },
    url: { label: vscode.l10n.t('Web page'), icon: '$(globe)' },
    chat: { label: vscode.l10n.t('Chat'), icon: '$(comment-discussion)' },
  };
  const picked = await vscode.window.showQuickPick(
    choices.map((choice) => ({ label: `${kinds[choice.kind].icon} ${kinds[choice.kind].label}`, description: choice.label, choice })),
    { title: vscode.l10n.t('Ask the OSPO'), placeHolder: organization ? vscode.l10n.t('How to reach {0}', organization) : vscode.l10n.t('How to reach your OSPO') },
  );
  return picked?.choice;
}

/** Opens a manifest with a dependency's name selected; offsets are into the text of the manifest's current report. */
async function revealDependency(deps: FeatureDeps, uriText: unknown, start: unknown, end: unknown): Promise<RevealedDependency | undefined> {
  try {
    if (typeof uriText !== 'string' || typeof start !== 'number' || typeof end !== 'number') {
      throw new Error(`revealDependency needs (uri, start, end), got (${typeof uriText}, ${typeof start}, ${typeof end})`);
    }
    const uri = vscode.Uri.parse(uriText, true);
    const report = deps.findings.reportFor(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    const range = report ? document.validateRange(toVscodeRange(report, { start, end })) : new vscode.Range(document.positionAt(start), document.positionAt(end));
    const selection = new vscode.Selection(range.start, range.end);
    const editor = await vscode.window.showTextDocument(document, { selection, preserveFocus: false });
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return {
      uri: uri.toString(),
      text: document.getText(selection),
      selection: { start: { line: selection.start.line, character: selection.start.character }, end: { line: selection.end.line, character: selection.end.character } },
    };
  } catch (error) {
    await showError(deps.log, vscode.l10n.t('Revealing the dependency failed.'), error);
    return undefined;
  }
}
