import * as vscode from 'vscode';
import { ospoReach, type OspoReach } from '../core/report/ospoReach';
import { CONFIGURATION_SECTION, Commands } from './constants';
import type { FeatureDeps } from './featureDeps';

/** Whether the policy in force names an OSPO contact, and whether an organization's feed is connected at all. */
export function currentOspoReach(deps: FeatureDeps): OspoReach {
  const { policy, state } = deps.policies.organization();
  return ospoReach(policy.feed.organization, state.origin);
}

/**
 * Said when someone asks for the OSPO and the policy names no way to reach it: under the bundled
 * default, with a button to the setting that connects the organization's feed. Not awaited: the
 * command that says it is done whether or not the user answers.
 */
export function tellNoOspo(deps: FeatureDeps, reach: Exclude<OspoReach, 'reachable'>): void {
  if (reach === 'no-contact') {
    const organization = deps.policies.organization().policy.feed.organization.name;
    void vscode.window.showInformationMessage(vscode.l10n.t('The policy of {0} names no way to contact its OSPO.', organization || vscode.l10n.t('your organization')));
    return;
  }
  const connect = vscode.l10n.t('Connect Policy Feed');
  void Promise.resolve(
    vscode.window.showInformationMessage(
      vscode.l10n.t('No OSPO connected: OSPO Guide is using its built-in default policy. Connect your organization’s policy feed to ask your OSPO and request exceptions.'),
      connect,
    ),
  )
    .then((answer) => (answer === connect ? vscode.commands.executeCommand(Commands.connectPolicyFeed) : undefined))
    .then(undefined, (error: unknown) => deps.log.warn(`Opening the policy feed setting failed: ${String(error)}`));
}

/**
 * `ospoGuide.connectPolicyFeed`: the Settings editor at the one setting that names the organization's
 * feed. The setting is machine-scoped: in a remote window (SSH, WSL, containers, a VS Code server)
 * it lives on the Remote tab, and the User tab would say "No Settings Found".
 */
export function registerConnectFeed(): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.connectPolicyFeed, () =>
    vscode.commands.executeCommand(vscode.env.remoteName ? 'workbench.action.openRemoteSettings' : 'workbench.action.openSettings', { query: `${CONFIGURATION_SECTION}.policy.source` }),
  );
}
