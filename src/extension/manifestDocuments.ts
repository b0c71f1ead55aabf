import * as vscode from 'vscode';
import { detectManifestKind, MAX_MANIFEST_BYTES, parseManifest, type ManifestKind, type ParsedManifest } from '../core/manifests';
import { MANIFEST_SCHEMES } from './constants';
import type { Settings } from './settings';
import { readWorkspaceText } from './workspaceFiles';

/** A parse result tied to the document version it was computed from. */
export interface ManifestSnapshot {
  readonly uri: vscode.Uri;
  readonly version: number;
  /** The text that was parsed: ranges in `manifest` are offsets into it. */
  readonly text: string;
  readonly manifest: ParsedManifest;
}

/** A manifest read from disk. */
export interface ManifestFile {
  readonly text: string;
  readonly manifest: ParsedManifest;
}

interface TrackedDocument {
  latest?: ManifestSnapshot;
  timer?: ReturnType<typeof setTimeout>;
}

export interface ManifestDocumentsDeps {
  readonly log: vscode.LogOutputChannel;
  readonly settings: () => Settings;
}

/**
 * Parses every open manifest on open and on each edit. Edits are debounced; a newer edit cancels
 * the pending parse, and a result whose document version is no longer current is never published,
 * so listeners only ever see the text as it stands.
 */
export class ManifestDocuments implements vscode.Disposable {
  private readonly tracked = new Map<string, TrackedDocument>();
  private readonly changeEmitter = new vscode.EventEmitter<ManifestSnapshot>();
  private readonly disposables: vscode.Disposable[] = [];

  /** Fires after a manifest's parse for its current version is published. */
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly deps: ManifestDocumentsDeps) {
    this.disposables.push(
      this.changeEmitter,
      vscode.workspace.onDidOpenTextDocument((document) => this.parseNow(document)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) {
          this.schedule(event.document);
        }
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)),
    );
    for (const document of vscode.workspace.textDocuments) {
      this.parseNow(document);
    }
  }

  /** The snapshot for the document's current text, parsing at once if an edit is still pending. */
  current(document: vscode.TextDocument): ManifestSnapshot | undefined {
    const tracked = this.tracked.get(document.uri.toString());
    if (tracked?.latest?.version === document.version && tracked.timer === undefined) {
      return tracked.latest;
    }
    return this.parseNow(document);
  }

  /** Parses a manifest that is not open, straight from its file. */
  async readClosed(uri: vscode.Uri): Promise<ManifestFile | undefined> {
    const kind = manifestKindOf(uri);
    if (!kind) {
      return undefined;
    }
    const read = await readWorkspaceText(uri, MAX_MANIFEST_BYTES);
    if (read.kind === 'missing') {
      // Callers tell a deleted manifest by this error, as from the workspace file system.
      throw vscode.FileSystemError.FileNotFound(uri);
    }
    if (read.kind === 'refused') {
      this.deps.log.warn(`Not reading ${uri.toString(true)}: the file ${read.reason}.`);
    }
    return read.kind === 'text' ? { text: read.text, manifest: parseManifest(kind, read.text) } : undefined;
  }

  dispose(): void {
    for (const tracked of this.tracked.values()) {
      clearTimeout(tracked.timer);
    }
    this.tracked.clear();
    vscode.Disposable.from(...this.disposables).dispose();
  }

  private schedule(document: vscode.TextDocument): void {
    if (!manifestKindOf(document.uri)) {
      return;
    }
    const key = document.uri.toString();
    const tracked = this.tracked.get(key) ?? {};
    this.tracked.set(key, tracked);
    clearTimeout(tracked.timer);
    const version = document.version;
    tracked.timer = setTimeout(() => {
      tracked.timer = undefined;
      // A newer edit re-schedules; this one only runs if it is still the latest text.
      if (!document.isClosed && document.version === version) {
        this.parseNow(document);
      }
    }, this.deps.settings().parse.debounceMs);
  }

  private parseNow(document: vscode.TextDocument): ManifestSnapshot | undefined {
    const kind = manifestKindOf(document.uri);
    if (!kind) {
      return undefined;
    }
    const key = document.uri.toString();
    const tracked = this.tracked.get(key) ?? {};
    this.tracked.set(key, tracked);
    clearTimeout(tracked.timer);
    tracked.timer = undefined;
    const text = document.getText();
    if (text.length > MAX_MANIFEST_BYTES) {
      this.deps.log.warn(`Not parsing ${document.uri.toString(true)}: ${text.length} characters is over the manifest size limit.`);
      return undefined;
    }
    const started = performance.now();
    const snapshot: ManifestSnapshot = { uri: document.uri, version: document.version, text, manifest: parseManifest(kind, text) };
    this.deps.log.trace(
      `Parsed ${document.uri.toString(true)} v${document.version} (${kind}): ${snapshot.manifest.dependencies.length} dependencies, ` +
        `${snapshot.manifest.problems.length} problems, ${(performance.now() - started).toFixed(2)} ms`,
    );
    if (tracked.latest && tracked.latest.version > snapshot.version) {
      return tracked.latest;
    }
    tracked.latest = snapshot;
    this.changeEmitter.fire(snapshot);
    return snapshot;
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.tracked.get(key)?.timer);
    this.tracked.delete(key);
  }
}

/** The open document behind a URI, if one is open. */
export function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((document) => document.uri.toString() === key);
}

export function manifestKindOf(uri: vscode.Uri): ManifestKind | undefined {
  return MANIFEST_SCHEMES.includes(uri.scheme) ? detectManifestKind(uri.path) : undefined;
}
