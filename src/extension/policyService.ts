import * as vscode from 'vscode';
import { changedFolders, composeFolderPolicies, FeedLoader, MAX_WORKSPACE_POLICY_BYTES, type FeedState, type FolderPolicy, type FolderPolicyFile } from '../core/feed';
import { WORKSPACE_POLICY_READ_FACTOR } from '../core/files/readLimits';
import { bundledDefaultFeed } from '../core/policy/bundledFeed';
import { CompiledPolicy } from '../core/policy/compiledPolicy';
import { CONFIGURATION_SECTION, WORKSPACE_POLICY_PATH } from './constants';
import { showWarning } from './log';
import type { Settings } from './settings';
import { readWorkspaceText } from './workspaceFiles';

/** The policy in force somewhere: the organization's feed state, tightened by at most one folder's own file. */
export interface PolicySnapshot {
  readonly state: FeedState;
  readonly policy: CompiledPolicy;
  /** The folder whose `.ospo/policy.json` (read while the workspace is trusted) is part of this policy. */
  readonly workspacePolicy: WorkspacePolicyFile | undefined;
}

export interface WorkspacePolicyFile {
  readonly folder: vscode.WorkspaceFolder;
  /** Whether the file added anything to the organization's policy. */
  readonly tightened: boolean;
  /** What the file tried that a tighten-only merge refused. */
  readonly ignored: readonly string[];
}

/** What changed: the organization's policy (so every folder and every document), or some folders' own files. */
export type PolicyChange = { readonly organization: true } | { readonly organization: false; readonly folders: readonly vscode.Uri[] };

export interface PolicyServiceDeps {
  readonly log: vscode.LogOutputChannel;
  readonly settings: () => Settings;
  /** Where the last verified feed is kept between sessions. */
  readonly storageDirectory: string;
}

/**
 * Owns the feed loader (recreated when the machine-scoped policy settings change) and the folders'
 * own policy files (read only while the workspace is trusted). Each workspace folder gets the
 * organization's policy tightened by its own file alone; a document outside every folder gets the
 * organization's. Compiled policies are kept until the feed or that folder's file changes.
 */
export class PolicyService implements vscode.Disposable {
  private readonly bundled = bundledDefaultFeed();
  private readonly changeEmitter = new vscode.EventEmitter<PolicyChange>();
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
  private loader: FeedLoader;
  private state: FeedState;
  private organizationPolicy: CompiledPolicy;
  private folderPolicies: readonly FolderPolicy[] = [];
  /** Only the newest read of the folders' files is applied; an older one finishing later is stale. */
  private reloadSequence = 0;
  /** The user is told once per episode: once when refreshing starts failing, once per stale feed version. */
  private errorShown = false;
  private staleShownFor: string | undefined;

  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly deps: PolicyServiceDeps) {
    this.loader = this.createLoader();
    this.state = this.loader.state;
    this.organizationPolicy = new CompiledPolicy(this.state.feed);
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
    // Also when the cache changed nothing: a new loader (after a settings change) replaces another's state.
    this.publish(this.loader.state);
    await this.reloadWorkspacePolicy();
    this.loader.start();
  }

  /** The organization's feed (or the bundled default) alone: what no repository file can change. */
  organization(): PolicySnapshot {
    return { state: this.state, policy: this.organizationPolicy, workspacePolicy: undefined };
  }

  /** The policy of the folder holding `uri`; the organization's for a document outside every folder. */
  forUri(uri: vscode.Uri): PolicySnapshot {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder ? this.forFolder(folder) : this.organization();
  }

  forFolder(folder: vscode.WorkspaceFolder): PolicySnapshot {
    const entry = this.folderPolicies.find((candidate) => candidate.folder === folder.uri.toString());
    if (!entry) {
      return this.organization();
    }
    return { state: this.state, policy: entry.policy, workspacePolicy: { folder, tightened: entry.tightened, ignored: entry.ignored } };
  }

  /**
   * For views of the whole workspace: the only folder's policy in a single-folder workspace, else
   * the organization's (what every folder has in common).
   */
  workspaceWide(): PolicySnapshot {
    const folders = vscode.workspace.workspaceFolders ?? [];
    return folders.length === 1 ? this.forFolder(folders[0]) : this.organization();
  }

  /** The folders with their own `.ospo/policy.json`, in the workspace's order. */
  foldersWithOwnPolicy(): vscode.WorkspaceFolder[] {
    return (vscode.workspace.workspaceFolders ?? []).filter((folder) => this.forFolder(folder).workspacePolicy !== undefined);
  }

  /** Refreshes the organization's feed now; resolves to the policy then in force workspace-wide. */
  async refresh(): Promise<PolicySnapshot> {
    await this.loader.refresh({ force: true });
    return this.workspaceWide();
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
    this.state = state;
    if (state.feed !== this.organizationPolicy.feed) {
      this.organizationPolicy = new CompiledPolicy(state.feed);
      this.compose(this.folderPolicies.map(({ folder, text }) => ({ folder, text })));
    }
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
    // The feed's state (source, staleness, errors) is shown everywhere even when its rules are the same.
    this.changeEmitter.fire({ organization: true });
  }

  /** Composes every folder's policy again, compiling only what changed, and logs each file's refusals once; returns the composition it replaced. */
  private compose(files: readonly FolderPolicyFile[]): readonly FolderPolicy[] {
    const previous = this.folderPolicies;
    this.folderPolicies = composeFolderPolicies(this.organizationPolicy, files, previous);
    for (const entry of this.folderPolicies) {
      if (!previous.includes(entry)) {
        for (const message of entry.ignored) {
          this.deps.log.warn(`${vscode.Uri.joinPath(vscode.Uri.parse(entry.folder), WORKSPACE_POLICY_PATH).toString(true)}: ${message}`);
        }
      }
    }
    return previous;
  }

  /** Restricted Mode never reads the repository's policy: an untrusted repository must not shape verdicts. */
  private async reloadWorkspacePolicy(): Promise<void> {
    const sequence = ++this.reloadSequence;
    const folders = vscode.workspace.isTrusted ? (vscode.workspace.workspaceFolders ?? []) : [];
    const read = await Promise.all(folders.map((folder) => this.readFolderPolicy(folder)));
    if (sequence !== this.reloadSequence) {
      return;
    }
    // The feed's arrival recomposes the folders at once, so both compositions stand on the organization's policy of now.
    const previous = this.compose(read.filter((file): file is FolderPolicyFile => file !== undefined));
    const changed = changedFolders(this.organizationPolicy, previous, this.folderPolicies);
    if (changed.length > 0) {
      this.changeEmitter.fire({ organization: false, folders: changed.map((folder) => vscode.Uri.parse(folder)) });
    }
  }

  private async readFolderPolicy(folder: vscode.WorkspaceFolder): Promise<FolderPolicyFile | undefined> {
    const uri = vscode.Uri.joinPath(folder.uri, WORKSPACE_POLICY_PATH);
    const read = await readWorkspaceText(uri, MAX_WORKSPACE_POLICY_BYTES * WORKSPACE_POLICY_READ_FACTOR);
    if (read.kind === 'refused') {
      this.deps.log.warn(`Not reading ${uri.toString(true)}: the file ${read.reason}.`);
    }
    return read.kind === 'text' ? { folder: folder.uri.toString(), text: read.text } : undefined;
  }

  /**
   * The file watcher sees changes made outside the editor; it can miss a file created in a folder
   * created a moment before, so what the user does in VS Code (save, create, delete, rename) is heard too.
   */
  private watchWorkspacePolicy(): vscode.Disposable {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${WORKSPACE_POLICY_PATH}`);
    const reload = () => void this.reloadWorkspacePolicy();
    const isPolicyFile = (uri: vscode.Uri) => uri.path.endsWith(`/${WORKSPACE_POLICY_PATH}`);
    const reloadIfAny = (uris: readonly vscode.Uri[]) => {
      if (uris.some(isPolicyFile)) {
        reload();
      }
    };
    return vscode.Disposable.from(
      watcher,
      watcher.onDidCreate(reload),
      watcher.onDidChange(reload),
      watcher.onDidDelete(reload),
      vscode.workspace.onDidSaveTextDocument((document) => reloadIfAny([document.uri])),
      vscode.workspace.onDidCreateFiles((event) => reloadIfAny(event.files)),
      vscode.workspace.onDidDeleteFiles((event) => reloadIfAny(event.files)),
      vscode.workspace.onDidRenameFiles((event) => reloadIfAny(event.files.flatMap((file) => [file.oldUri, file.newUri]))),
    );
  }
}
