import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { buildInventory, type Inventory, type InventoryManifest } from '../core/data/inventory';
import type { Ecosystem } from '../core/manifests/types';
import type { DepsDevClient } from '../core/data/online/depsDevClient';
import type { RegistryClientsByFolder } from '../core/data/registry/registryClients';
import type { RegistryHttp } from '../core/data/registry/registryHttp';
import type { LookupRules } from '../core/data/registry/lookupRules';
import type { RegistryAnswer } from '../core/data/registry/registryLookup';
import { openQuestions, type PendingQuestion } from '../core/data/registry/registryQuestions';
import type { RegistryListing } from '../core/data/registry/types';
import { RESOLVERS } from '../core/data/resolvers';
import { ScanMemory } from '../core/data/scanMemory';
import type { LookupState } from '../core/report/missingData';
import { CONFIGURATION_SECTION } from './constants';
import { lookupLayer } from './lookupLayer';
import type { Settings } from './settings';

/**
 * Files whose change means a folder's installed or locked packages changed: lockfiles, and the
 * marker files package managers rewrite on every install (watching all of node_modules would cost
 * more than the inventory itself).
 */
const DATA_FILE_GLOB =
  '**/{package-lock.json,npm-shrinkwrap.json,pnpm-lock.yaml,yarn.lock,.package-lock.json,.modules.yaml,.yarn-state.yml,poetry.lock,uv.lock,Pipfile.lock,Cargo.lock,go.sum,go.mod,composer.lock,installed.json,Gemfile.lock,pom.xml,METADATA}';

/** Typing settles before names are sent: `rea`, `reac` and `react` are not three lookups. */
const LOOKUP_DELAY_MS = 600;

/** A package manager writes a large lockfile in pieces, each a watcher event: it is read once they stop. */
const DATA_CHANGE_DELAY_MS = 300;

/** Whether lookups may run, as the user and the OSPO decided; see `LookupState` for the other answers. */
export type LookupPermission = LookupState | 'ask';

/** Someone must decide whether lookups may run: how many dependencies lack data, and the hosts their names would go to. */
export interface ConsentRequest {
  readonly dependencies: number;
  readonly hosts: readonly string[];
}

export interface WorkspaceDataDeps {
  readonly log: vscode.LogOutputChannel;
  readonly settings: () => Settings;
  /** What the policy in force says of lookups. */
  readonly lookupRules: () => LookupRules;
  /** Fires when the policy in force changed (its lookup rules may have). */
  readonly onDidChangePolicy: vscode.Event<unknown>;
  /** Where registry and deps.dev answers are cached between sessions. */
  readonly storageDirectory: string;
}

/** One reading of a folder's installed and locked packages, for one set of ecosystems. */
interface LocalReading {
  readonly key: string;
  readonly inventory: Promise<Inventory>;
  /** The inventory once read. */
  settled?: Inventory;
  /** Whether an earlier reading answered while this one was read: its end is announced. */
  servedStale: boolean;
}

interface FolderState {
  /** The offline inventory of the folder, per set of ecosystems its manifests use. */
  local?: LocalReading;
  /** The last reading that was complete when a data file changed: it answers until the new one is in. */
  previous?: { readonly key: string; readonly inventory: Inventory };
  /** Every manifest of the folder as last parsed, for the questions and deps.dev's health lookups. */
  readonly manifests: Map<string, InventoryManifest>;
  /** Local data completed by the registries (and deps.dev): replaced, never changed, so memos keyed by it stay right. */
  completed?: { readonly local: Inventory; readonly inventory: Inventory };
  /** A reading whose completion from the registries' known answers is under way: the earlier completion answers meanwhile. */
  completing?: Inventory;
  timer?: ReturnType<typeof setTimeout>;
  /** A data file changed: the folder is read again once the changes stop. */
  changeTimer?: ReturnType<typeof setTimeout>;
}

/**
 * The installed and locked packages of each manifest folder, resolved offline at once, then
 * completed from the package registries the project uses (and deps.dev) where the user or the
 * OSPO allows lookups: local data answers while typing, registry answers fill in after and fire
 * `onDidChange`. Nothing is looked up in Restricted Mode.
 */
export class WorkspaceData implements vscode.Disposable {
  private readonly folders = new Map<string, FolderState>();
  /** Answers by question key (which includes the folder), kept across lockfile changes: a question names its locked version. */
  private readonly answers = new Map<string, RegistryAnswer | null>();
  private readonly inFlight = new Set<string>();
  /** What earlier scans of this session learnt: a rescan reads only what changed of installed packages' license files. */
  private readonly scanMemory = new ScanMemory();
  private readonly changeEmitter = new vscode.EventEmitter<string>();
  private readonly consentEmitter = new vscode.EventEmitter<ConsentRequest>();
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter, this.consentEmitter];
  /** Shared by every configuration of the clients, so a paused host stays paused across setting changes. */
  private http: RegistryHttp | undefined;
  private registries: RegistryClientsByFolder | undefined;
  private depsDev: { readonly baseUrl: string; readonly client: DepsDevClient } | undefined;
  private rulesKey: string | undefined;

  /** Fires with a folder's path when its data changed ('' for every folder). */
  readonly onDidChange = this.changeEmitter.event;
  /** Fires when dependencies lack data and lookups wait for the user's word (at most once per lookup round). */
  readonly onDidNeedConsent = this.consentEmitter.event;

  constructor(private readonly deps: WorkspaceDataDeps) {
    const watcher = vscode.workspace.createFileSystemWatcher(DATA_FILE_GLOB);
    const invalidate = (uri: vscode.Uri) => this.invalidate(uri);
    // The project files that name registries and their credentials: clients are configured afresh.
    const configWatcher = vscode.workspace.createFileSystemWatcher('**/{.npmrc,pip.conf,.cargo/config.toml,.cargo/config,.bundle/config,auth.json}');
    this.disposables.push(
      watcher,
      watcher.onDidChange(invalidate),
      watcher.onDidCreate(invalidate),
      watcher.onDidDelete(invalidate),
      configWatcher,
      configWatcher.onDidChange(() => this.resetLookups()),
      configWatcher.onDidCreate(() => this.resetLookups()),
      configWatcher.onDidDelete(() => this.resetLookups()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${CONFIGURATION_SECTION}.online`)) {
          this.resetLookups();
        }
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.resetLookups()),
      deps.onDidChangePolicy(() => {
        const rules = deps.lookupRules();
        const key = JSON.stringify([rules.decided, rules.allowed, rules.mirrors, rules.depsDev]);
        if (key !== this.rulesKey) {
          this.rulesKey = key;
          this.resetLookups();
        }
      }),
    );
  }

  /** Whether lookups run now: never untrusted, never when the user turned them off, else as the OSPO decided, else as the user did. */
  permission(): LookupPermission {
    if (!vscode.workspace.isTrusted) {
      return 'untrusted';
    }
    const { lookups } = this.deps.settings().online;
    if (lookups === 'off') {
      return 'not-allowed';
    }
    const rules = this.deps.lookupRules();
    if (rules.decided) {
      return rules.allowed ? 'looked-up' : 'forbidden-by-feed';
    }
    return lookups === 'allow' ? 'looked-up' : 'ask';
  }

  /**
   * What the registry publishes of one name, asked only where lookups run now (never while consent
   * is pending, in Restricted Mode, or for a name kept private); undefined otherwise or on no answer.
   */
  async publishedVersions(folder: string, ecosystem: Ecosystem, name: string): Promise<RegistryListing | undefined> {
    if (this.permission() !== 'looked-up') {
      return undefined;
    }
    const client = (await this.registriesNow().clientsFor(folder))[ecosystem];
    return client === undefined || client.hostFor(name) === undefined ? undefined : client.listing(name);
  }

  /**
   * The inventory of the manifest's folder, as complete as it is now; only `file:` manifests have
   * data to read. While a changed lockfile is read again (seconds for 60,000 packages), the last
   * reading answers at once and `onDidChange` fires when the new one is in: an edit of the
   * manifest never waits for its lockfile.
   */
  async inventoryFor(manifest: InventoryManifest & { readonly uri: vscode.Uri }): Promise<Inventory | undefined> {
    if (manifest.uri.scheme !== 'file') {
      return undefined;
    }
    const folder = path.dirname(manifest.file);
    const state = this.stateOf(folder);
    state.manifests.set(manifest.file, { file: manifest.file, parsed: manifest.parsed });
    const reading = this.localOf(folder, state);
    if (reading.settled === undefined && state.previous?.key === reading.key) {
      reading.servedStale = true;
      return this.shown(state, state.previous.inventory);
    }
    const local = await reading.inventory;
    this.scheduleLookups(folder, state, local);
    return this.shown(state, local);
  }

  /** The local data as completed by the registries, where it is (or, while that is being redone, where the last reading was). */
  private shown(state: FolderState, local: Inventory): Inventory {
    const completed = state.completed;
    return completed !== undefined && (completed.local === local || state.completing === local) ? completed.inventory : local;
  }

  private stateOf(folder: string): FolderState {
    let state = this.folders.get(folder);
    if (!state) {
      state = { manifests: new Map() };
      this.folders.set(folder, state);
    }
    return state;
  }

  private localOf(folder: string, state: FolderState): LocalReading {
    const ecosystems = [...new Set([...state.manifests.values()].flatMap((manifest) => manifest.parsed.dependencies.map((dependency) => dependency.ecosystem)))].sort();
    const key = ecosystems.join(',');
    if (state.local?.key !== key) {
      const manifests = [...state.manifests.values()];
      const reading: LocalReading = { key, inventory: this.resolveLocal(folder, manifests, ecosystems), servedStale: false };
      state.local = reading;
      reading.inventory.then(
        (inventory) => this.readingDone(folder, state, reading, inventory),
        () => undefined, // Said by whoever awaits the reading.
      );
    }
    return state.local;
  }

  /**
   * A reading is in: where an earlier one answered meanwhile, the new data is announced, after
   * completing it from the registries' answers already known if the earlier data was completed
   * (so that looked-up licenses do not blink out between the two).
   */
  private readingDone(folder: string, state: FolderState, reading: LocalReading, inventory: Inventory): void {
    reading.settled = inventory;
    if (state.local !== reading) {
      return;
    }
    state.previous = undefined;
    if (state.completed !== undefined && state.completed.local !== inventory && this.permission() === 'looked-up') {
      state.completing = inventory;
      void this.lookUp(folder, state, inventory)
        .catch((error: unknown) => this.deps.log.error(`Registry lookups for ${folder} failed: ${String(error)}`))
        .finally(() => {
          if (state.completing === inventory) {
            state.completing = undefined;
            this.changeEmitter.fire(folder);
          }
        });
    } else if (reading.servedStale) {
      this.changeEmitter.fire(folder);
    }
  }

  private async resolveLocal(folder: string, manifests: readonly InventoryManifest[], ecosystems: readonly string[]): Promise<Inventory> {
    const started = performance.now();
    const localRoots = (vscode.workspace.workspaceFolders ?? []).filter((workspaceFolder) => workspaceFolder.uri.scheme === 'file').map((workspaceFolder) => workspaceFolder.uri.fsPath);
    const local = await buildInventory(manifests, RESOLVERS, { home: os.homedir(), env: process.env, localRoots, memory: this.scanMemory });
    this.deps.log.info(`Resolved ${local.packages.length} installed or locked packages for ${folder} (${ecosystems.join(', ')}) in ${(performance.now() - started).toFixed(0)} ms.`);
    for (const problem of local.problems) {
      this.deps.log.warn(problem);
    }
    return local;
  }

  /** Asks the registries, once typing has settled, about what local data lacks and no earlier lookup answered. */
  private scheduleLookups(folder: string, state: FolderState, local: Inventory): void {
    const open = this.unanswered(local, state);
    const permission = this.permission();
    if (open.length === 0 || (permission !== 'looked-up' && permission !== 'ask')) {
      return;
    }
    clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      state.timer = undefined;
      // Decided again now: the setting, the trust or the policy may have changed while typing settled.
      const now = this.permission();
      if (now === 'ask') {
        void this.requestConsent(folder, this.unanswered(local, state));
      } else if (now === 'looked-up') {
        void this.lookUp(folder, state, local).catch((error: unknown) => this.deps.log.error(`Registry lookups for ${folder} failed: ${String(error)}`));
      }
    }, LOOKUP_DELAY_MS);
  }

  private unanswered(local: Inventory, state: FolderState): PendingQuestion[] {
    return [...openQuestions(local, [...state.manifests.values()], this.answers).values()].filter((question) => !this.inFlight.has(question.key));
  }

  private async requestConsent(folder: string, open: readonly PendingQuestion[]): Promise<void> {
    const registries = this.registriesNow();
    const clients = await registries.clientsFor(folder);
    const hosts = new Set<string>();
    for (const pending of open) {
      for (const host of clients[pending.ecosystem]?.hostsFor(pending.question.name) ?? []) {
        hosts.add(host);
      }
    }
    const depsDevUrl = this.depsDevUrl();
    if (hosts.size > 0) {
      if (depsDevUrl !== undefined) {
        hosts.add(new URL(depsDevUrl).host);
      }
      this.consentEmitter.fire({ dependencies: open.length, hosts: [...hosts].sort() });
    }
  }

  /** Asks the registries what is open, and completes the local data with every answer known. */
  private async lookUp(folder: string, state: FolderState, local: Inventory): Promise<void> {
    const open = this.unanswered(local, state);
    if (open.length === 0 && state.completed?.local === local) {
      return;
    }
    const started = performance.now();
    open.forEach((question) => this.inFlight.add(question.key));
    const registries = this.registriesNow();
    let found: Map<string, RegistryAnswer | null>;
    try {
      found = await lookupLayer().askRegistries(open, (dir) => registries.clientsFor(dir));
    } finally {
      open.forEach((question) => this.inFlight.delete(question.key));
    }
    if (registries !== this.registries) {
      return; // Settings or trust changed meanwhile: these answers were asked under rules no longer in force.
    }
    for (const [key, answer] of found) {
      this.answers.set(key, answer);
    }
    const manifests = [...state.manifests.values()];
    const { RegistryInventory, withOnlineData } = lookupLayer();
    const completed = new RegistryInventory(local, new Map(this.answers));
    const depsDev = this.depsDevClient();
    const isPrivate = (ecosystem: Ecosystem, name: string) => registries.isPrivate(ecosystem, name);
    const inventory = depsDev === undefined ? completed : await withOnlineData(completed, manifests, depsDev, { health: true, isPrivate });
    if (state.local?.settled !== local) {
      return; // A lockfile changed meanwhile; the next round starts from the new local data.
    }
    state.completed = { local, inventory };
    if (state.completing === local) {
      state.completing = undefined;
    }
    const answered = [...found.values()].filter((answer) => answer !== null).length;
    this.deps.log.info(`Looked up ${open.length} dependencies of ${folder} in the registries (${answered} answered) and deps.dev in ${(performance.now() - started).toFixed(0)} ms.`);
    this.changeEmitter.fire(folder);
  }

  private registriesNow(): RegistryClientsByFolder {
    if (!this.registries) {
      const { RegistryClientsByFolder, RegistryHttp } = lookupLayer();
      this.http ??= new RegistryHttp({ log: (message) => this.deps.log.warn(message) });
      const cacheDir = path.join(this.deps.storageDirectory, 'registries');
      const log = (message: string) => this.deps.log.warn(message);
      const rules = this.deps.lookupRules();
      this.registries = new RegistryClientsByFolder({
        context: { http: this.http, cacheDir, log, isPrivate: rules.isPrivate },
        mirrors: rules.mirrors,
        rootOf: (folder) => vscode.workspace.getWorkspaceFolder(vscode.Uri.file(folder))?.uri.fsPath ?? folder,
        trustProject: vscode.workspace.isTrusted,
        home: os.homedir(),
        env: process.env,
        onConfigured: (ecosystem, folder, files, problems) => {
          if (files.length > 0) {
            this.deps.log.info(`${ecosystem} registries for ${folder} configured from ${files.join(', ')}.`);
          }
          problems.forEach(log);
        },
      });
    }
    return this.registries;
  }

  /** The OSPO's deps.dev mirror (or none), else the user's setting. */
  private depsDevUrl(): string | undefined {
    const fromFeed = this.deps.lookupRules().depsDev;
    return fromFeed === false ? undefined : (fromFeed ?? this.deps.settings().online.depsDevUrl);
  }

  private depsDevClient(): DepsDevClient | undefined {
    const baseUrl = this.depsDevUrl();
    if (baseUrl === undefined) {
      return undefined;
    }
    if (this.depsDev?.baseUrl !== baseUrl) {
      this.depsDev = { baseUrl, client: new (lookupLayer().DepsDevClient)({ baseUrl, cacheDir: path.join(this.deps.storageDirectory, 'deps.dev'), log: (message) => this.deps.log.warn(message) }) };
    }
    return this.depsDev.client;
  }

  /** The rules for lookups changed (setting, trust): configure afresh and let every folder ask again. */
  private resetLookups(): void {
    this.registries = undefined;
    this.answers.clear();
    for (const state of this.folders.values()) {
      state.completed = undefined;
    }
    this.changeEmitter.fire('');
  }

  dispose(): void {
    for (const state of this.folders.values()) {
      clearTimeout(state.timer);
      clearTimeout(state.changeTimer);
    }
    this.folders.clear();
    vscode.Disposable.from(...this.disposables).dispose();
  }

  /** A data file changed: every cached folder that contains it (a nested install) is read again, the last reading answering meanwhile. */
  private invalidate(uri: vscode.Uri): void {
    const changed = uri.fsPath;
    for (const [folder, state] of this.folders) {
      if (changed.startsWith(folder + path.sep)) {
        clearTimeout(state.changeTimer);
        state.changeTimer = setTimeout(() => {
          state.changeTimer = undefined;
          const settled = state.local?.settled;
          if (settled !== undefined && state.local !== undefined) {
            state.previous = { key: state.local.key, inventory: settled };
          }
          state.local = undefined;
          this.changeEmitter.fire(folder);
        }, DATA_CHANGE_DELAY_MS);
      }
    }
  }
}
