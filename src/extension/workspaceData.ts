import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { buildInventory, type Inventory, type InventoryManifest } from '../core/data/inventory';
import { DepsDevClient } from '../core/data/online';
import { withOnlineData } from '../core/data/onlineInventory';
import { RESOLVERS } from '../core/data/resolvers';
import { CONFIGURATION_SECTION } from './constants';
import type { Settings } from './settings';

/**
 * Files whose change means a folder's installed or locked packages changed: lockfiles, and the
 * marker files package managers rewrite on every install (watching all of node_modules would cost
 * more than the inventory itself).
 */
const DATA_FILE_GLOB =
  '**/{package-lock.json,npm-shrinkwrap.json,pnpm-lock.yaml,yarn.lock,.package-lock.json,.modules.yaml,.yarn-state.yml,poetry.lock,uv.lock,Pipfile.lock,Cargo.lock,go.sum,go.mod,composer.lock,installed.json,Gemfile.lock,pom.xml,METADATA}';

export interface WorkspaceDataDeps {
  readonly log: vscode.LogOutputChannel;
  readonly settings: () => Settings;
  /** Where deps.dev answers are cached between sessions. */
  readonly storageDirectory: string;
}

/**
 * The installed and locked packages of each manifest folder, resolved offline in the extension
 * host and cached until a lockfile or install marker in that folder changes.
 */
export class WorkspaceData implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<Inventory>>();
  private readonly changeEmitter = new vscode.EventEmitter<string>();
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
  private client: { readonly baseUrl: string; readonly client: DepsDevClient } | undefined;

  /** Fires with a folder's path when its data was invalidated. */
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly deps: WorkspaceDataDeps) {
    const watcher = vscode.workspace.createFileSystemWatcher(DATA_FILE_GLOB);
    const invalidate = (uri: vscode.Uri) => this.invalidate(uri);
    this.disposables.push(
      watcher,
      watcher.onDidChange(invalidate),
      watcher.onDidCreate(invalidate),
      watcher.onDidDelete(invalidate),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${CONFIGURATION_SECTION}.online`)) {
          this.invalidateAll();
        }
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.invalidateAll()),
    );
  }

  /** The inventory of the manifest's folder; only `file:` manifests have data to read. */
  inventoryFor(manifest: InventoryManifest & { readonly uri: vscode.Uri }): Promise<Inventory> | undefined {
    if (manifest.uri.scheme !== 'file') {
      return undefined;
    }
    const ecosystems = [...new Set(manifest.parsed.dependencies.map((dependency) => dependency.ecosystem))].sort();
    const online = this.deps.settings().online;
    const key = `${path.dirname(manifest.file)}\0${ecosystems.join(',')}\0${online.enabled ? online.depsDevUrl : 'offline'}`;
    let inventory = this.cache.get(key);
    if (!inventory) {
      inventory = this.resolve(manifest, ecosystems, online.enabled ? this.clientFor(online.depsDevUrl) : undefined);
      this.cache.set(key, inventory);
    }
    return inventory;
  }

  private async resolve(manifest: InventoryManifest, ecosystems: readonly string[], client: DepsDevClient | undefined): Promise<Inventory> {
    const started = performance.now();
    const local = await buildInventory([manifest], RESOLVERS, { home: os.homedir(), env: process.env });
    const result = client ? await withOnlineData(local, [manifest], client, { health: true }) : local;
    this.deps.log.info(`Resolved ${result.packages.length} packages for ${path.dirname(manifest.file)} (${ecosystems.join(', ')}${client ? ', with deps.dev' : ''}) in ${(performance.now() - started).toFixed(0)} ms.`);
    for (const problem of result.problems) {
      this.deps.log.warn(problem);
    }
    return result;
  }

  private clientFor(baseUrl: string): DepsDevClient {
    if (this.client?.baseUrl !== baseUrl) {
      this.client = { baseUrl, client: new DepsDevClient({ baseUrl, cacheDir: path.join(this.deps.storageDirectory, 'deps.dev'), log: (message) => this.deps.log.warn(message) }) };
    }
    return this.client.client;
  }

  private invalidateAll(): void {
    this.cache.clear();
    this.changeEmitter.fire('');
  }

  dispose(): void {
    this.cache.clear();
    vscode.Disposable.from(...this.disposables).dispose();
  }

  /** A data file changed: every cached folder that contains it (a nested install) is read again. */
  private invalidate(uri: vscode.Uri): void {
    const changed = uri.fsPath;
    for (const key of [...this.cache.keys()]) {
      const folder = key.slice(0, key.indexOf('\0'));
      if (changed.startsWith(folder + path.sep)) {
        this.cache.delete(key);
        this.changeEmitter.fire(folder);
      }
    }
  }
}
