import * as vscode from 'vscode';
import { CONFIGURATION_SECTION, Commands, DISPLAY_NAME } from './constants';
import type { FeatureDeps } from './featureDeps';
import type { ConsentRequest } from './workspaceData';

/**
 * Asks once per window (and again after the setting is changed), naming the hosts, before the first lookup leaves the machine: Allow
 * (remembered in the user's settings), Not now (asked again in the next window), Settings. Also the
 * command behind every "allow lookups" action of the summaries.
 */
export function registerLookupConsent(deps: Pick<FeatureDeps, 'data' | 'log'>): vscode.Disposable {
  let asked = false;
  const ask = async (request: ConsentRequest) => {
    if (asked) {
      return;
    }
    asked = true;
    const allow = vscode.l10n.t('Allow');
    const notNow = vscode.l10n.t('Not now');
    const settings = vscode.l10n.t('Settings');
    const count = request.dependencies === 1 ? vscode.l10n.t('1 dependency') : vscode.l10n.t('{0} dependencies', request.dependencies);
    const answer = await vscode.window.showInformationMessage(
      vscode.l10n.t(
        '{0}: nothing on this machine says which version and license {1} use. May their names be looked up on {2}? Only package names and versions are sent.',
        DISPLAY_NAME,
        count,
        request.hosts.join(', '),
      ),
      allow,
      notNow,
      settings,
    );
    if (answer === allow) {
      await allowLookups(deps.log);
    } else if (answer === settings) {
      await vscode.commands.executeCommand('workbench.action.openSettings', `${CONFIGURATION_SECTION}.online`);
    }
  };
  return vscode.Disposable.from(
    deps.data.onDidNeedConsent((request) => void ask(request)),
    // Set back to `ask` by hand: the user wants to be asked again.
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${CONFIGURATION_SECTION}.online.lookups`)) {
        asked = false;
      }
    }),
    vscode.commands.registerCommand(Commands.allowLookups, () => allowLookups(deps.log)),
  );
}

async function allowLookups(log: vscode.LogOutputChannel): Promise<void> {
  // An application setting, in the user's settings: no repository can turn lookups on for you.
  await vscode.workspace.getConfiguration(CONFIGURATION_SECTION).update('online.lookups', 'allow', vscode.ConfigurationTarget.Global);
  log.info('Registry lookups allowed (ospoGuide.online.lookups = allow).');
}
