import type * as vscode from 'vscode';
import type { ManifestDocuments } from './manifestDocuments';
import type { ManifestFindings } from './manifestFindings';
import type { PolicyService } from './policyService';
import type { Settings } from './settings';
import type { WorkspaceData } from './workspaceData';
import type { WorkspaceFindingsSource } from './workspaceCounts';

/** What every feature's `registerX(deps)` may use; extension.ts builds it once. */
export interface FeatureDeps {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly settings: (scope?: vscode.ConfigurationScope) => Settings;
  readonly documents: ManifestDocuments;
  readonly policies: PolicyService;
  readonly data: WorkspaceData;
  readonly findings: ManifestFindings;
  /** The workspace's findings, direct and transitive, that every view counts from. */
  readonly workspaceFindings: WorkspaceFindingsSource;
}
