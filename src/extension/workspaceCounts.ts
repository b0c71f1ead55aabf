import * as vscode from 'vscode';
import { WorkspaceFindingsMemo, type WorkspaceFindings } from '../core/report/workspaceFindings';
import type { ManifestFindings } from './manifestFindings';

/**
 * The workspace's direct and transitive findings as they stand now, from which the status bar, the
 * Open Source view, the guide and Check Workspace all count (`countWorkspace`), so they agree. One
 * memo for all of them: the transitive packages are evaluated once per change of the data.
 */
export class WorkspaceFindingsSource {
  private readonly memo = new WorkspaceFindingsMemo();

  constructor(private readonly findings: Pick<ManifestFindings, 'all'>) {}

  current(): Promise<WorkspaceFindings> {
    const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
    const reports = this.findings.all().map((report) => ({
      key: report.uri.toString(),
      label: vscode.workspace.asRelativePath(report.uri, multiRoot),
      repo: report.repo,
      policy: report.policy,
      findings: report.findings,
      inventory: report.inventory,
    }));
    return this.memo.findings(reports, new Date());
  }
}
