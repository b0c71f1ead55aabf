import * as vscode from 'vscode';
import { policyStatusLines } from '../core/report/policySummaryMarkdown';
import { missingDataText } from '../core/report/missingData';
import { escapeMarkdownText } from '../core/report/safeMarkdown';
import { countWorkspace } from '../core/report/workspaceFindings';
import { statusBarText, workspaceCountsText } from '../core/report/workspaceSummary';
import { missingDataLines } from './missingDataLines';
import { Commands, DISPLAY_NAME } from './constants';
import type { FeatureDeps } from './featureDeps';
import { repositoryPolicyFacts } from './policyDocuments';

const STATUS_ID = 'ospoGuide.status';

/**
 * One status bar item: the denied and to-review direct dependencies of the workspace, and in its
 * tooltip the policy in force. Shown only while the workspace has manifests; a stale policy or an
 * unsigned remote one is shown plainly. A click opens the policy overview.
 */
export function registerStatusBar(deps: FeatureDeps): vscode.Disposable {
  const item = vscode.window.createStatusBarItem(STATUS_ID, vscode.StatusBarAlignment.Left, 50);
  item.name = DISPLAY_NAME;
  item.command = Commands.showPolicy;

  // The counts of a large workspace take turns of the event loop: only the latest update is shown.
  let latest = 0;
  const update = async () => {
    const ticket = ++latest;
    const reports = deps.findings.all();
    if (reports.length === 0) {
      item.hide();
      return;
    }
    const counts = countWorkspace(await deps.workspaceFindings.current());
    if (ticket !== latest) {
      return;
    }
    const snapshot = deps.policies.workspaceWide();
    const { state } = snapshot;
    const feed = snapshot.policy.feed;
    // A feed from a server (or the cached copy of one) that no key vouches for; a local file is the user's own.
    const unsignedRemote = !state.signed && (state.origin === 'remote' || (state.origin === 'cache' && /^https?:/i.test(state.source)));

    item.text = statusBarText(counts);
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.isTrusted = { enabledCommands: [Commands.allowLookups] };
    tooltip.supportHtml = false;
    tooltip.appendMarkdown(`**${DISPLAY_NAME}**\n\n`);
    tooltip.appendMarkdown(escapeMarkdownText(workspaceCountsText(counts)));
    if (counts.unknown > 0 && feed.licenses.unknown !== 'unknown') {
      tooltip.appendMarkdown(' ' + vscode.l10n.t('The policy sends unknown licenses to {0}.', feed.licenses.unknown));
    }
    tooltip.appendMarkdown('\n\n');
    for (const line of missingDataLines(reports, deps.data.permission())) {
      const action = line.action.kind === 'allow-lookups' ? ` [${escapeMarkdownText(vscode.l10n.t('Allow lookups'))}](command:${Commands.allowLookups})` : '';
      tooltip.appendMarkdown(`$(info) ${escapeMarkdownText(missingDataText(line))}${action}\n\n`);
    }
    tooltip.appendMarkdown(policyStatusLines({ feed, state, ...repositoryPolicyFacts(deps.policies, snapshot), repo: null, now: new Date() }).join('\n'));
    item.tooltip = tooltip;

    item.backgroundColor = state.stale || state.lastError !== undefined ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const problems = [state.stale ? vscode.l10n.t('policy expired') : '', unsignedRemote ? vscode.l10n.t('policy not signed') : '', state.lastError !== undefined ? vscode.l10n.t('policy refresh failed') : '']
      .filter((part) => part !== '')
      .join(', ');
    if (state.stale) {
      item.text += ' $(history)';
    }
    if (unsignedRemote) {
      item.text += ' $(unverified)';
    }
    item.accessibilityInformation = {
      label: vscode.l10n.t('OSPO Guide: {0} denied, {1} to review{2}', counts.deny, counts.review, problems ? `; ${problems}` : ''),
    };
    item.show();
  };

  const updateNow = () => {
    update().catch((error: unknown) => deps.log.error(`Updating the status bar failed: ${String(error)}`));
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    if (timer === undefined) {
      timer = setTimeout(() => {
        timer = undefined;
        updateNow();
      }, 100);
    }
  };
  updateNow();
  return vscode.Disposable.from(item, deps.findings.onDidChange(schedule), deps.policies.onDidChange(schedule), {
    dispose: () => {
      latest++;
      if (timer !== undefined) {
        clearTimeout(timer);
      }
    },
  });
}
