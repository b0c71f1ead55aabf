import * as vscode from 'vscode';
import type * as Notices from '../core/report/notices/index';
import { Commands } from './constants';
import { folderInventory, pickExportFolder } from './folderExport';
import { showError } from './log';
import type { ManifestDocuments } from './manifestDocuments';

export interface NoticesExportDeps {
  readonly log: vscode.LogOutputChannel;
  readonly documents: ManifestDocuments;
}

type NoticesFormat = Notices.NoticesFormat;

const FORMAT_FILES: Readonly<Record<NoticesFormat, { readonly file: string; readonly filter: string; readonly extension: string }>> = {
  text: { file: 'THIRD-PARTY-NOTICES.txt', filter: 'Text', extension: 'txt' },
  markdown: { file: 'THIRD-PARTY-NOTICES.md', filter: 'Markdown', extension: 'md' },
  html: { file: 'THIRD-PARTY-NOTICES.html', filter: 'HTML', extension: 'html' },
};

/** The notices code and its standard license texts, loaded on the first export: in the bundle, dist/notices.js (esbuild.config.mjs). */
function notices(): typeof Notices {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous, lazy load; see above
  return require('../core/report/notices/index') as typeof Notices;
}

/**
 * "Export Third-Party Notices": the license texts, copyright lines and NOTICE files of a workspace
 * folder's whole tree, in a file. Scripts and tests may pass the target, the format and whether dev
 * dependencies count; otherwise the user picks them.
 */
export function registerNoticesExport(deps: NoticesExportDeps): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.exportNotices, async (target?: vscode.Uri, givenFormat?: NoticesFormat, givenIncludeDev?: boolean) => {
    try {
      const folder = await pickExportFolder(vscode.l10n.t('Export the notices of which folder?'));
      if (!folder) {
        return undefined;
      }
      const format = givenFormat !== undefined && givenFormat in FORMAT_FILES ? givenFormat : await pickFormat();
      if (!format) {
        return undefined;
      }
      const includeDev = typeof givenIncludeDev === 'boolean' ? givenIncludeDev : await pickDevDependencies();
      if (includeDev === undefined) {
        return undefined;
      }
      const { file, filter, extension } = FORMAT_FILES[format];
      const destination = target ?? (await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(folder.uri, file), filters: { [filter]: [extension] } }));
      if (!destination) {
        return undefined;
      }
      const inventory = await folderInventory(deps.documents, folder);
      const { buildNotices, formatNotices } = notices();
      const document = await buildNotices(inventory.packages, { projectName: folder.name, includeDev });
      await vscode.workspace.fs.writeFile(destination, new TextEncoder().encode(formatNotices(document, format)));
      deps.log.info(`Exported the third-party notices of ${document.packageCount} packages to ${destination.toString(true)} (${document.missing.length} without a license text).`);
      for (const problem of document.problems) {
        deps.log.warn(`Notices: could not read ${problem}`);
      }
      if (!target) {
        void announce(destination, document.packageCount, document.missing.length);
      }
      return destination;
    } catch (error) {
      await showError(deps.log, vscode.l10n.t('Exporting the third-party notices failed.'), error);
      return undefined;
    }
  });
}

async function announce(destination: vscode.Uri, packages: number, missing: number): Promise<void> {
  const open = vscode.l10n.t('Open');
  const written = vscode.l10n.t('Third-party notices of {0} packages written to {1}.', packages, vscode.workspace.asRelativePath(destination));
  const message = missing === 0 ? written : `${written} ${vscode.l10n.t('No license text was found for {0} of them; they are listed at the end.', missing)}`;
  if ((await vscode.window.showInformationMessage(message, open)) === open) {
    await vscode.commands.executeCommand('vscode.open', destination);
  }
}

async function pickFormat(): Promise<NoticesFormat | undefined> {
  const items: Array<vscode.QuickPickItem & { readonly format: NoticesFormat }> = [
    { label: vscode.l10n.t('Plain text'), description: FORMAT_FILES.text.file, format: 'text' },
    { label: vscode.l10n.t('Markdown'), description: FORMAT_FILES.markdown.file, format: 'markdown' },
    { label: vscode.l10n.t('HTML'), description: FORMAT_FILES.html.file, format: 'html' },
  ];
  return (await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Format of the third-party notices') }))?.format;
}

async function pickDevDependencies(): Promise<boolean | undefined> {
  const items: Array<vscode.QuickPickItem & { readonly includeDev: boolean }> = [
    { label: vscode.l10n.t('What ships'), description: vscode.l10n.t('dependencies, direct and transitive, without dev dependencies'), includeDev: false },
    { label: vscode.l10n.t('Everything'), description: vscode.l10n.t('dev dependencies too'), includeDev: true },
  ];
  return (await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Which packages do the notices cover?') }))?.includeDev;
}
