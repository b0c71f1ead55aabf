import * as vscode from 'vscode';
import type { DependencyFinding, OspoGuideApi, PolicyInfo } from './api';
import { manifestFacts } from '../core/data/inventory';
import type { ManifestDocuments } from './manifestDocuments';
import type { PolicyService, PolicySnapshot } from './policyService';
import type { WorkspaceData } from './workspaceData';
import { parsedManifest } from './workspaceManifests';
import { workspaceRepoIdentity } from './workspaceRepo';

export function createApi(documents: ManifestDocuments, policies: PolicyService, data: WorkspaceData): OspoGuideApi {
  return {
    dependencies: async (uriOrString) => (await parsedManifest(documents, toUri(uriOrString)))?.dependencies ?? [],
    async findings(uriOrString) {
      const uri = toUri(uriOrString);
      const parsed = await parsedManifest(documents, uri);
      if (!parsed) {
        return [];
      }
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      const repo = folder ? await workspaceRepoIdentity(folder.uri) : null;
      const inventory = await data.inventoryFor({ uri, file: uri.fsPath, parsed });
      const { policy } = policies.current();
      const now = new Date();
      return parsed.dependencies.map((dependency): DependencyFinding => ({
        dependency,
        finding: policy.evaluate(inventory ? inventory.factsFor(uri.fsPath, dependency) : manifestFacts(dependency), { repo, now }),
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
