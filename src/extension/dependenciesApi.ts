import * as vscode from 'vscode';
import type { OspoGuideApi, OspoGuideTestApi, PolicyInfo } from './api';
import type { Decorations } from './decorations';
import type { FeatureDeps } from './featureDeps';
import type { GuidePanel } from './guidePanel';
import type { PolicySnapshot } from './policyService';
import { parsedManifest } from './workspaceManifests';

export function createApi(
  { context, documents, policies, findings }: Pick<FeatureDeps, 'context' | 'documents' | 'policies' | 'findings'>,
  decorations: Decorations,
  guide: GuidePanel,
): OspoGuideApi | OspoGuideTestApi {
  const api: OspoGuideApi = {
    dependencies: async (uriOrString) => (await parsedManifest(documents, toUri(uriOrString)))?.dependencies ?? [],
    findings: async (uriOrString) => (await findings.currentFor(toUri(uriOrString)))?.findings ?? [],
    policy: (uriOrString) => policyInfo(uriOrString === undefined ? policies.workspaceWide() : policies.forUri(toUri(uriOrString))),
    refreshPolicy: async () => policyInfo(await policies.refresh()),
  };
  if (context.extensionMode !== vscode.ExtensionMode.Test && process.env.OSPO_GUIDE_TEST_API !== '1') {
    return api;
  }
  return {
    ...api,
    annotations: (uriOrString) => decorations.shownFor(toUri(uriOrString)),
    guide: () => guide.snapshot(),
    guidePost: (message) => guide.receive(message),
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
    workspacePolicyApplied: snapshot.workspacePolicy !== undefined,
    ...(snapshot.workspacePolicy ? { workspacePolicyFolder: snapshot.workspacePolicy.folder.uri.toString() } : {}),
    workspaceIgnored: snapshot.workspacePolicy?.ignored ?? [],
  };
}
