import type * as vscode from 'vscode';
import type { ManifestDependency } from '../core/manifests';
import type { Finding } from '../core/policy/compiledPolicy';
import type { RenderedAnnotations } from './decorations';
import type { GuideSnapshot } from './guidePanel';

/** The policy in force, as other extensions and tests see it. */
export interface PolicyInfo {
  readonly id: string;
  readonly version: number;
  readonly origin: 'bundled' | 'remote' | 'file' | 'cache';
  readonly source: string;
  readonly signed: boolean;
  readonly stale: boolean;
  readonly lastError?: string;
  /** Whether a workspace folder's own `.ospo/policy.json` is part of this policy (read only in a trusted workspace). */
  readonly workspacePolicyApplied: boolean;
  /** That folder's URI. */
  readonly workspacePolicyFolder?: string;
  /** What that file tried that a tighten-only merge refused. */
  readonly workspaceIgnored: readonly string[];
}

export interface DependencyFinding {
  readonly dependency: ManifestDependency;
  readonly finding: Finding;
}

/** What `activate` returns to other extensions. */
export interface OspoGuideApi {
  /**
   * The direct dependencies in a manifest as its text stands now: for an open document that
   * includes unsaved edits (a pending debounced parse is done at once); a closed file is read from disk.
   * Empty for a file that is not a manifest.
   */
  dependencies(uri: vscode.Uri | string): Promise<readonly ManifestDependency[]>;
  /** Each dependency of the manifest with its verdict under the policy in force. */
  findings(uri: vscode.Uri | string): Promise<readonly DependencyFinding[]>;
  /**
   * The policy in force for a document or folder: the organization's feed tightened by the
   * `.ospo/policy.json` of the workspace folder that holds it (the organization's alone outside
   * every folder). Without an argument: the only folder's in a single-folder workspace, else the
   * organization's.
   */
  policy(uri?: vscode.Uri | string): PolicyInfo;
  /** Fetches the feed now (ignoring a pending Retry-After) and returns the policy then in force. */
  refreshPolicy(): Promise<PolicyInfo>;
}

/**
 * The API with the hooks tests need, returned only in test mode (`ExtensionMode.Test`, or where
 * the test launcher set `OSPO_GUIDE_TEST_API=1`, so that an installed VSIX can be tested too):
 * no other extension can read the panel or hand it messages.
 */
export interface OspoGuideTestApi extends OspoGuideApi {
  /**
   * The marks the editor shows after the dependency lines of an open manifest, with the document
   * version they were computed for; undefined when no visible editor shows it.
   */
  annotations(uri: vscode.Uri | string): RenderedAnnotations | undefined;
  /** The guide panel's last rendered HTML and model, for tests; undefined while the panel is closed. */
  guide(): GuideSnapshot | undefined;
  /**
   * Hands `message` to the guide panel as if its webview had sent it, through the same validation;
   * resolves to whether the message was accepted (false: ignored and logged).
   */
  guidePost(message: unknown): Promise<boolean>;
}
