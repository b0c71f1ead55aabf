import * as vscode from 'vscode';
import { toCycloneDx } from '../core/report/cyclonedx';
import { Commands, DISPLAY_NAME } from './constants';
import { folderInventory, pickExportFolder } from './folderExport';
import { showError } from './log';
import type { ManifestDocuments } from './manifestDocuments';
import type { PolicyService } from './policyService';
import { workspaceRepoIdentity } from './workspaceRepo';

export interface SbomExportDeps {
  readonly log: vscode.LogOutputChannel;
  readonly documents: ManifestDocuments;
  readonly policies: PolicyService;
  readonly version: string;
}

/**
 * "Export SBOM": a CycloneDX 1.6 JSON file of a workspace folder's whole tree. The target may be
 * passed as an argument (scripts, tests); otherwise the user picks it.
 */
export function registerSbomExport(deps: SbomExportDeps): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.exportSbom, async (target?: vscode.Uri) => {
    try {
      const folder = await pickExportFolder(vscode.l10n.t('Export the SBOM of which folder?'));
      if (!folder) {
        return undefined;
      }
      const destination = target ?? (await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(folder.uri, 'sbom.cdx.json'), filters: { CycloneDX: ['json'] } }));
      if (!destination) {
        return undefined;
      }
      const inventory = await folderInventory(deps.documents, folder);
      const bom = toCycloneDx(inventory, deps.policies.forFolder(folder).policy, { repo: await workspaceRepoIdentity(folder.uri), now: new Date() }, { projectName: folder.name, tool: { name: DISPLAY_NAME, version: deps.version } });
      await vscode.workspace.fs.writeFile(destination, new TextEncoder().encode(JSON.stringify(bom, null, 2) + '\n'));
      deps.log.info(`Exported an SBOM of ${inventory.packages.length} components to ${destination.toString(true)}.`);
      if (!target) {
        void vscode.window.showInformationMessage(vscode.l10n.t('SBOM with {0} components written to {1}.', inventory.packages.length, vscode.workspace.asRelativePath(destination)));
      }
      return destination;
    } catch (error) {
      await showError(deps.log, vscode.l10n.t('Exporting the SBOM failed.'), error);
      return undefined;
    }
  });
}
