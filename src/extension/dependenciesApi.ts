import * as vscode from 'vscode';
import type { DependencyFinding, OspoGuideApi, PolicyInfo } from './api';
import type { ManifestDocuments } from './manifestDocuments';
import type { PolicyService, PolicySnapshot } from './policyService';
import { workspaceRepoIdentity } from './workspaceRepo';

export function createApi(documents: ManifestDocuments, policies: PolicyService): OspoGuideApi {
  const dependencies: OspoGuideApi['dependencies'] = async (uriOrString) => {
    const uri = toUri(uriOrString);
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
    if (open) {
      return documents.current(open)?.manifest.dependencies ?? [];
    }
    return (await documents.readClosed(uri))?.dependencies ?? [];
  };
  return {
    dependencies,
    async findings(uriOrString) {
      const uri = toUri(uriOrString);
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      const repo = folder ? await workspaceRepoIdentity(folder.uri) : null;
      const { policy } = policies.current();
      const now = new Date();
      return (await dependencies(uri)).map((dependency): DependencyFinding => ({
        dependency,
        finding: policy.evaluate(dependency, { repo, now }),
      }));
    },
    policy: () => policyInfo(policies.current()),
    refreshPolicy: async () => policyInfo(await policies.refresh()),
  };
}

function toUri(uriOrString: vscode.Uri | string): vscode.Uri {
  return typeof uriOrString === 'string' ? vscode.Uri.parse(uriOrString) : uriOrString;
}

function policyInfo(snapshot: PolicySnapshot): PolicyInfo {
  const { state } = snapshot;
  return {
    id: snapshot.policy.feed.id,
    version: snapshot.policy.feed.version,
    origin: state.origin,
    source: state.source,
    signed: state.signed,
    stale: state.stale,
    ...(state.lastError !== undefined ? { lastError: state.lastError } : {}),
    workspacePolicyApplied: snapshot.workspacePolicyApplied,
    workspaceIgnored: snapshot.workspaceIgnored,
  };
}
