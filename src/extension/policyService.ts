import * as vscode from 'vscode';
import { FeedLoader, mergeWorkspacePolicyText, type FeedState } from '../core/feed';
import { bundledDefaultFeed } from '../core/policy/bundledFeed';
import { CompiledPolicy } from '../core/policy/compiledPolicy';
import type { PolicyFeed } from '../core/policy/feedModel';
import { CONFIGURATION_SECTION, WORKSPACE_POLICY_PATH } from './constants';
import { showWarning } from './log';
import type { Settings } from './settings';

/** The policy in force: the organization's feed state, tightened by the workspace's own file. */
export interface PolicySnapshot {
  readonly state: FeedState;
  readonly policy: CompiledPolicy;
  /** Whether a trusted workspace's `.ospo/policy.json` was merged in. */
  readonly workspacePolicyApplied: boolean;
  /** What the workspace file tried that a tighten-only merge refused. */
  readonly workspaceIgnored: readonly string[];
}

export interface PolicyServiceDeps {
  readonly log: vscode.LogOutputChannel;
  readonly settings: () => Settings;
  /** Where the last verified feed is kept between sessions. */
  readonly storageDirectory: string;
}

/**
 * Owns the feed loader (recreated when the machine-scoped policy settings change) and the workspace
 * policy file (read only while the workspace is trusted), and publishes one compiled policy.
 */
export class PolicyService implements vscode.Disposable {
  private readonly bundled = bundledDefaultFeed();
  private readonly changeEmitter = new vscode.EventEmitter<PolicySnapshot>();
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
  private loader: FeedLoader;
  private workspaceFiles: { folder: vscode.Uri; text: string }[] = [];
  private snapshot: PolicySnapshot;
  /** The user is told once per episode: once when refreshing starts failing, once per stale feed version. */
  private errorShown = false;
  private staleShownFor: string | undefined;

  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly deps: PolicyServiceDeps) {
    this.loader = this.createLoader();
    this.snapshot = this.compose(this.loader.state);
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${CONFIGURATION_SECTION}.policy`)) {
          this.deps.log.info('Policy settings changed; loading the policy again.');
          this.loader.dispose();
          this.loader = this.createLoader();
          void this.start();
        }
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.reloadWorkspacePolicy()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reloadWorkspacePolicy()),
      this.watchWorkspacePolicy(),
    );
  }

  /** Puts the cached copy in force at once, then refreshes from the source in the background. */
  async start(): Promise<void> {
    await this.loader.loadCached();
    await this.reloadWorkspacePolicy();
    this.loader.start();
  }

  current(): PolicySnapshot {
    return this.snapshot;
  }

  async refresh(): Promise<PolicySnapshot> {
    await this.loader.refresh({ force: true });
    return this.snapshot;
  }

  dispose(): void {
    this.loader.dispose();
    vscode.Disposable.from(...this.disposables).dispose();
  }

  private createLoader(): FeedLoader {
    const { policy } = this.deps.settings();
    const loader: FeedLoader = new FeedLoader({
      source: policy.source === '' ? undefined : policy.source,
      publicKey: policy.publicKey === '' ? undefined : policy.publicKey,
      bundled: this.bundled,
      storeDirectory: this.deps.storageDirectory,
      refreshIntervalMs: policy.refreshIntervalHours * 60 * 60 * 1000,
      log: (message) => this.deps.log.info(message),
      onDidChange: (state) => {
        // A loader replaced after a settings change may still finish a request; its news is stale.
        if (loader === this.loader) {
          this.publish(state);
        }
      },
    });
    return loader;
  }

  private publish(state: FeedState): void {
    this.snapshot = this.compose(state);
    const { feed } = state;
    this.deps.log.info(`Policy in force: ${feed.id} v${feed.version} (${state.origin}: ${state.source}${state.signed ? ', signed' : ''}${state.stale ? ', STALE' : ''}).`);
    if (state.lastError && !this.errorShown) {
      void showWarning(this.deps.log, vscode.l10n.t('The policy feed could not be refreshed: {0}', state.lastError));
    }
    this.errorShown = state.lastError !== undefined;
    const staleKey = `${feed.id}@${feed.version}`;
    if (state.stale && this.staleShownFor !== staleKey) {
      this.staleShownFor = staleKey;
      void showWarning(this.deps.log, vscode.l10n.t('The policy {0} v{1} expired on {2}; it stays in force until a newer one arrives.', feed.id, feed.version, feed.expires ?? ''));
    }
    this.changeEmitter.fire(this.snapshot);
  }

  private compose(state: FeedState): PolicySnapshot {
    let feed: PolicyFeed = state.feed;
    const ignored: string[] = [];
    for (const file of this.workspaceFiles) {
      const merged = mergeWorkspacePolicyText(feed, file.text);
      feed = merged.feed;
      ignored.push(...merged.ignored);
    }
    for (const message of ignored) {
      this.deps.log.warn(`${WORKSPACE_POLICY_PATH}: ${message}`);
    }
    return { state, policy: new CompiledPolicy(feed), workspacePolicyApplied: this.workspaceFiles.length > 0, workspaceIgnored: ignored };
  }

  /** Restricted Mode never reads the repository's policy: an untrusted repository must not shape verdicts. */
  private async reloadWorkspacePolicy(): Promise<void> {
    const files: { folder: vscode.Uri; text: string }[] = [];
    if (vscode.workspace.isTrusted) {
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        const uri = vscode.Uri.joinPath(folder.uri, WORKSPACE_POLICY_PATH);
        try {
          files.push({ folder: folder.uri, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) });
        } catch (error) {
          if (!(error instanceof vscode.FileSystemError && error.code === 'FileNotFound')) {
            this.deps.log.warn(`Could not read ${uri.toString(true)}: ${String(error)}`);
          }
        }
      }
    }
    this.workspaceFiles = files;
    this.publish(this.loader.state);
  }

  private watchWorkspacePolicy(): vscode.Disposable {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${WORKSPACE_POLICY_PATH}`);
    const reload = () => void this.reloadWorkspacePolicy();
    return vscode.Disposable.from(watcher, watcher.onDidCreate(reload), watcher.onDidChange(reload), watcher.onDidDelete(reload));
  }
}
