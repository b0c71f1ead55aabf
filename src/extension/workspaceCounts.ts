import * as vscode from 'vscode';
import { workspaceFindings, type WorkspaceFindings } from '../core/report/workspaceFindings';
import type { FeatureDeps } from './featureDeps';

/**
 * The workspace's direct and transitive findings as they stand now, from which the status bar, the
 * Open Source view, the guide and Check Workspace all count (`countWorkspace`), so they agree.
 */
export function currentWorkspaceFindings(deps: Pick<FeatureDeps, 'findings'>): WorkspaceFindings {
  const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  const reports = deps.findings.all().map((report) => ({
    key: report.uri.toString(),
    label: vscode.workspace.asRelativePath(report.uri, multiRoot),
    repo: report.repo,
    policy: report.policy,
    findings: report.findings,
    inventory: report.inventory,
  }));
  return workspaceFindings(reports, new Date());
}
