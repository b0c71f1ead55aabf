import * as path from 'node:path';
import * as vscode from 'vscode';
import { manifestFacts, type Inventory } from '../core/data/inventory';
import { MANIFEST_GLOBS, type ParsedManifest } from '../core/manifests';
import { LineIndex } from '../core/manifests/lineIndex';
import type { CompiledPolicy } from '../core/policy/compiledPolicy';
import { EvaluationMemo } from '../core/policy/evaluationMemo';
import type { DependencyFinding } from './api';
import { openDocument, type ManifestDocuments, type ManifestSnapshot } from './manifestDocuments';
import type { PolicyChange, PolicyService } from './policyService';
import type { WorkspaceData } from './workspaceData';
import { isInExcludedFolder, isProjectManifest, workspaceManifestUris } from './workspaceManifests';
import { workspaceRepoIdentity } from './workspaceRepo';

/** The verdicts of one manifest as its text stood at one moment. */
export interface ManifestReport {
  readonly uri: vscode.Uri;
  /** The open document's version these findings are for; undefined for a file read from disk. */
  readonly documentVersion: number | undefined;
  readonly manifest: ParsedManifest;
  /** Places the manifest's offsets in the text they were computed from. */
  readonly lines: LineIndex;
  readonly findings: readonly DependencyFinding[];
  /** The policy the findings were made under: the one of the manifest's folder. */
  readonly policy: CompiledPolicy;
  /** The workspace repository (`host/owner/name`) exceptions were matched against. */
  readonly repo: string | null;
  /** The installed and locked packages of the manifest's folder, when it has any. */
  readonly inventory: Inventory | undefined;
  /** When the findings were computed, so consumers can tell an old report from a new one. */
  readonly computedAt: number;
}

export type ReportChange = { readonly uri: vscode.Uri; readonly report: ManifestReport | undefined };

export interface ManifestFindingsDeps {
  readonly log: vscode.LogOutputChannel;
  readonly documents: ManifestDocuments;
  readonly policies: PolicyService;
  readonly data: WorkspaceData;
}

/** What a sequence number stands for: the newest evaluation started for a URI wins. */
interface Pending {
  sequence: number;
}

/**
 * Keeps a report for every manifest of the workspace, open or not: open documents as they are
 * typed (every published parse), closed files as saved (a file watcher). A report is replaced only
 * by a newer one, never cleared while the user types, so what the editor shows never flickers; a
 * report for a document version that is no longer current is dropped.
 */
export class ManifestFindings implements vscode.Disposable {
  private readonly reports = new Map<string, ManifestReport>();
  private readonly pending = new Map<string, Pending>();
  private readonly repos = new Map<string, Promise<string | null>>();
  /** Per policy (each folder may have its own), per data set. */
  private readonly memos = new WeakMap<CompiledPolicy, WeakMap<object, EvaluationMemo>>();
  /** Stands in for "no inventory" as a memo key. */
  private readonly noInventory = {};
  private readonly changeEmitter = new vscode.EventEmitter<ReportChange>();
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
  private sequence = 0;
  private scanned: Promise<void> | undefined;

  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly deps: ManifestFindingsDeps) {
    const watcher = vscode.workspace.createFileSystemWatcher(`{${MANIFEST_GLOBS.join(',')}}`);
    const folderDeletes = vscode.workspace.createFileSystemWatcher('**', true, true, false);
    const fromDisk = (uri: vscode.Uri) => {
      if (!openDocument(uri) && !isInExcludedFolder(uri)) {
        void isProjectManifest(uri).then((own) => (own ? this.refreshFromDisk(uri) : undefined));
      }
    };
    this.disposables.push(
      deps.documents.onDidChange((snapshot) => void this.evaluateSnapshot(snapshot)),
      deps.policies.onDidChange((change) => this.reevaluateFor(change)),
      deps.data.onDidChange((folder) => this.reevaluateAll(folder)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.repos.clear();
        void this.scanWorkspace();
      }),
      // Closing a document drops its unsaved text: the file on disk is what counts again.
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (this.reports.has(document.uri.toString())) {
          void this.refreshFromDisk(document.uri);
        }
      }),
      watcher,
      watcher.onDidCreate(fromDisk),
      watcher.onDidChange(fromDisk),
      watcher.onDidDelete((uri) => this.remove(uri)),
      // A deleted folder is one event for the folder, none for the manifests inside it.
      folderDeletes,
      folderDeletes.onDidDelete((uri) => this.removeUnder(uri)),
    );
  }

  /** Finds every manifest of the workspace and evaluates it; resolves when all have a report. */
  scanWorkspace(): Promise<void> {
    this.scanned = this.scan();
    return this.scanned;
  }

  /** Resolves once the first workspace scan is done. */
  ready(): Promise<void> {
    return this.scanned ?? this.scanWorkspace();
  }

  all(): ManifestReport[] {
    return [...this.reports.values()];
  }

  reportFor(uri: vscode.Uri): ManifestReport | undefined {
    return this.reports.get(uri.toString());
  }

  /** The report for the document's current text, evaluating it now when the latest is older. */
  async current(document: vscode.TextDocument): Promise<ManifestReport | undefined> {
    const existing = this.reports.get(document.uri.toString());
    if (existing?.documentVersion === document.version) {
      return existing;
    }
    const snapshot = this.deps.documents.current(document);
    return snapshot ? this.evaluateSnapshot(snapshot) : undefined;
  }

  /** The report for a URI as it stands now: the open document's text, else the file on disk. */
  async currentFor(uri: vscode.Uri): Promise<ManifestReport | undefined> {
    const open = openDocument(uri);
    return open ? this.current(open) : this.refreshFromDisk(uri);
  }

  dispose(): void {
    this.reports.clear();
    vscode.Disposable.from(...this.disposables).dispose();
  }

  private async scan(): Promise<void> {
    const started = performance.now();
    const uris = (await Promise.all((vscode.workspace.workspaceFolders ?? []).map((folder) => workspaceManifestUris(folder)))).flat();
    await Promise.all(uris.map((uri) => this.currentFor(uri).catch((error: unknown) => this.deps.log.warn(`Could not check ${uri.toString(true)}: ${String(error)}`))));
    this.deps.log.info(`Checked ${uris.length} manifests in ${(performance.now() - started).toFixed(0)} ms.`);
  }

  private evaluateSnapshot(snapshot: ManifestSnapshot): Promise<ManifestReport | undefined> {
    return this.evaluate(snapshot.uri, snapshot.version, snapshot.text, snapshot.manifest);
  }

  private async refreshFromDisk(uri: vscode.Uri): Promise<ManifestReport | undefined> {
    try {
      const file = await this.deps.documents.readClosed(uri);
      return file ? await this.evaluate(uri, undefined, file.text, file.manifest) : undefined;
    } catch (error) {
      if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') {
        this.remove(uri);
        return undefined;
      }
      throw error;
    }
  }

  private async evaluate(uri: vscode.Uri, documentVersion: number | undefined, text: string, manifest: ParsedManifest): Promise<ManifestReport | undefined> {
    const key = uri.toString();
    const ticket: Pending = { sequence: ++this.sequence };
    this.pending.set(key, ticket);
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const [repo, inventory] = await Promise.all([
      folder ? this.repoOf(folder.uri) : null,
      this.deps.data.inventoryFor({ uri, file: uri.fsPath, parsed: manifest }),
    ]);
    // A newer edit (or a newer read of the file) started while the data was awaited: its report wins.
    if (this.pending.get(key) !== ticket || (documentVersion !== undefined && openVersion(uri) !== documentVersion)) {
      return this.reports.get(key);
    }
    this.pending.delete(key);
    const { policy } = this.deps.policies.forUri(uri);
    const memo = this.memoFor(policy, inventory, repo);
    const folderPath = path.dirname(uri.fsPath);
    const findings = manifest.dependencies.map((dependency): DependencyFinding => ({
      dependency,
      finding: memo.evaluateDependency(folderPath, dependency, () => (inventory ? inventory.factsFor(uri.fsPath, dependency) : manifestFacts(dependency))),
    }));
    memo.sweep();
    const report: ManifestReport = { uri, documentVersion, manifest, lines: new LineIndex(text), findings, policy, repo, inventory, computedAt: Date.now() };
    this.reports.set(key, report);
    this.changeEmitter.fire({ uri, report });
    return report;
  }

  private memoFor(policy: CompiledPolicy, inventory: Inventory | undefined, repo: string | null): EvaluationMemo {
    const now = new Date();
    const key = inventory ?? this.noInventory;
    let byData = this.memos.get(policy);
    if (!byData) {
      byData = new WeakMap();
      this.memos.set(policy, byData);
    }
    let memo = byData.get(key);
    if (!memo?.fits(policy, repo, now)) {
      memo = new EvaluationMemo(policy, { repo, now });
      byData.set(key, memo);
    }
    return memo;
  }

  private repoOf(folder: vscode.Uri): Promise<string | null> {
    const key = folder.toString();
    let repo = this.repos.get(key);
    if (!repo) {
      repo = workspaceRepoIdentity(folder);
      this.repos.set(key, repo);
    }
    return repo;
  }

  /** After the organization's policy changed, every report; after a folder's own file changed, that folder's. */
  private reevaluateFor(change: PolicyChange): void {
    if (change.organization) {
      this.reevaluateAll();
      return;
    }
    const folders = new Set(change.folders.map((folder) => folder.toString()));
    this.reevaluateWhere((uri) => {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      return folder !== undefined && folders.has(folder.uri.toString());
    });
  }

  /** After a data change: every report under `folder` (all when empty) is computed again. */
  private reevaluateAll(folder = ''): void {
    this.reevaluateWhere((uri) => folder === '' || uri.fsPath.startsWith(folder));
  }

  private reevaluateWhere(applies: (uri: vscode.Uri) => boolean): void {
    for (const report of this.reports.values()) {
      if (applies(report.uri)) {
        const open = openDocument(report.uri);
        const snapshot = open ? this.deps.documents.current(open) : undefined;
        const work = snapshot ? this.evaluateSnapshot(snapshot) : this.evaluate(report.uri, undefined, report.lines.text, report.manifest);
        work.catch((error: unknown) => this.deps.log.warn(`Could not check ${report.uri.toString(true)} again: ${String(error)}`));
      }
    }
  }

  private removeUnder(folder: vscode.Uri): void {
    const prefix = folder.toString().replace(/\/*$/, '/');
    for (const report of [...this.reports.values()]) {
      if (report.uri.toString().startsWith(prefix)) {
        this.remove(report.uri);
      }
    }
  }

  private remove(uri: vscode.Uri): void {
    const key = uri.toString();
    this.pending.delete(key);
    if (this.reports.delete(key)) {
      this.changeEmitter.fire({ uri, report: undefined });
    }
  }
}

function openVersion(uri: vscode.Uri): number | undefined {
  return openDocument(uri)?.version;
}
