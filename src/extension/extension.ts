import * as vscode from 'vscode';
import { lookupRules } from '../core/data/registry/lookupRules';
import type { OspoGuideApi, OspoGuideTestApi } from './api';
import { createApi } from './dependenciesApi';
import type { FeatureDeps } from './featureDeps';
import { registerCodeActions } from './codeActions';
import { registerReplaceWithVersion } from './replaceWithVersion';
import { registerConnectFeed } from './connectFeed';
import { registerDecorations } from './decorations';
import { registerDiagnostics } from './diagnostics';
import { registerExceptionRequests } from './exceptionRequests';
import { registerGuidePanel } from './guidePanel';
import { registerHovers } from './hovers';
import { registerLookupConsent } from './lookupConsent';
import { createLog, registerShowLog, showError } from './log';
import { ManifestDocuments } from './manifestDocuments';
import { ManifestFindings } from './manifestFindings';
import { registerPolicyCommands } from './policyCommands';
import { registerPolicyDocuments } from './policyDocuments';
import { PolicyService } from './policyService';
import { registerNoticesExport } from './noticesExport';
import { registerSbomExport } from './sbomExport';
import { readSettings } from './settings';
import { registerStatusBar } from './statusBar';
import { registerTree } from './tree';
import { registerWorkspaceCommands } from './workspaceCommands';
import { WorkspaceData } from './workspaceData';
import { WorkspaceFindingsSource } from './workspaceCounts';

/** Wires the features together; each owns its listeners and is disposed with the extension. */
export function activate(context: vscode.ExtensionContext): OspoGuideApi | OspoGuideTestApi {
  const log = createLog();
  context.subscriptions.push(log);
  try {
    const settings = (scope?: vscode.ConfigurationScope) => readSettings(scope);
    const documents = new ManifestDocuments({ log, settings });
    const policies = new PolicyService({ log, settings, storageDirectory: vscode.Uri.joinPath(context.globalStorageUri, 'policy').fsPath });
    const data = new WorkspaceData({
      log,
      settings,
      storageDirectory: context.globalStorageUri.fsPath,
      // Where lookups go is the organization's alone: no repository file can widen it.
      lookupRules: () => lookupRules(policies.organization().policy.feed.lookups),
      onDidChangePolicy: policies.onDidChange,
    });
    const findings = new ManifestFindings({ log, documents, policies, data });
    const workspaceFindings = new WorkspaceFindingsSource(findings);
    const deps: FeatureDeps = { context, log, settings, documents, policies, data, findings, workspaceFindings };
    const decorations = registerDecorations(deps);
    const guide = registerGuidePanel(deps);
    context.subscriptions.push(
      documents,
      policies,
      data,
      findings,
      registerDiagnostics(deps),
      decorations,
      registerShowLog(log),
      registerHovers(deps),
      registerLookupConsent(deps),
      registerCodeActions(deps),
      registerReplaceWithVersion(deps),
      registerExceptionRequests(deps),
      registerConnectFeed(),
      registerPolicyCommands(policies, log),
      registerSbomExport({ log, documents, policies, version: String(context.extension.packageJSON.version) }),
      registerNoticesExport({ log, documents }),
      registerPolicyDocuments(deps),
      registerWorkspaceCommands(deps),
      registerStatusBar(deps),
      registerTree(deps),
      guide,
    );
    void policies.start().catch((error: unknown) => showError(log, vscode.l10n.t('Loading the policy failed.'), error));
    void findings.scanWorkspace().catch((error: unknown) => showError(log, vscode.l10n.t('Checking the workspace failed.'), error));
    log.info(`Activated in VS Code ${vscode.version}${vscode.env.remoteName ? ` (remote: ${vscode.env.remoteName})` : ''}.`);
    return createApi(deps, decorations, guide);
  } catch (error) {
    // Fail visibly: a silent activation failure looks like an extension that does nothing.
    void showError(log, vscode.l10n.t('Activation failed. The extension is not working.'), error);
    throw error;
  }
}
