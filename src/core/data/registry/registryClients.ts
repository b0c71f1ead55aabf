import type { Ecosystem } from '../../manifests/types';
import { createCargoRegistryClient } from './cargo/cargoRegistryClient';
import { createComposerRegistryClient } from './composer/composerRegistryClient';
import { createGoRegistryClient } from './go/goRegistryClient';
import { createMavenRegistryClient } from './maven/mavenRegistryClient';
import { createNpmRegistryClient } from './npm/npmRegistryClient';
import { createPypiRegistryClient } from './pypi/pypiRegistryClient';
import { createRubygemsRegistryClient } from './rubygems/rubygemsRegistryClient';
import type { RegistryClientFactory, RegistryClients, RegistryConfigSources, RegistryContext } from './types';

/** One factory per ecosystem whose registry protocol we speak. */
export const REGISTRY_FACTORIES: Partial<Readonly<Record<Ecosystem, RegistryClientFactory>>> = {
  npm: createNpmRegistryClient,
  pypi: createPypiRegistryClient,
  maven: createMavenRegistryClient,
  cargo: createCargoRegistryClient,
  go: createGoRegistryClient,
  rubygems: createRubygemsRegistryClient,
  composer: createComposerRegistryClient,
};

export interface RegistryClientsOptions {
  readonly context: RegistryContext;
  /** The workspace folder or CLI root a manifest folder lies in. */
  readonly rootOf: (folder: string) => string;
  readonly trustProject: boolean;
  readonly home: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The OSPO's mirrors, per ecosystem (`lookups.registries` of the feed). */
  readonly mirrors?: Readonly<Partial<Record<Ecosystem, string>>>;
  /** Ecosystems to ask; default all with a factory. */
  readonly ecosystems?: readonly Ecosystem[];
  /** Configuration files and problems, once per folder and ecosystem. */
  readonly onConfigured?: (ecosystem: Ecosystem, folder: string, files: readonly string[], problems: readonly string[]) => void;
}

/** The registry clients of each manifest folder, configured once per folder (configuration lives beside the manifests). */
export class RegistryClientsByFolder {
  private readonly byFolder = new Map<string, Promise<RegistryClients>>();
  /** The clients of the folders whose configuration has been read. */
  private readonly configured = new Map<string, RegistryClients>();

  constructor(
    private readonly options: RegistryClientsOptions,
    private readonly factories: Partial<Readonly<Record<Ecosystem, RegistryClientFactory>>> = REGISTRY_FACTORIES,
  ) {}

  /**
   * Whether the name is private by the OSPO's feed or by the configuration of any folder configured
   * so far: for deciding what may go to a public service (deps.dev), where a folder is not known.
   */
  isPrivate(ecosystem: Ecosystem, name: string): boolean {
    if (this.options.context.isPrivate?.(ecosystem, name) === true) {
      return true;
    }
    return [...this.configured.values()].some((clients) => clients[ecosystem]?.isPrivateName?.(name) === true);
  }

  clientsFor(folder: string): Promise<RegistryClients> {
    let clients = this.byFolder.get(folder);
    if (clients === undefined) {
      clients = this.configure(folder);
      this.byFolder.set(folder, clients);
      void clients.then((ready) => this.configured.set(folder, ready));
    }
    return clients;
  }

  private async configure(folder: string): Promise<RegistryClients> {
    const base = {
      projectDir: folder,
      rootDir: this.options.rootOf(folder),
      trustProject: this.options.trustProject,
      home: this.options.home,
      env: this.options.env,
    };
    const clients: Partial<Record<Ecosystem, RegistryClients[Ecosystem]>> = {};
    const wanted = this.options.ecosystems ?? (Object.keys(this.factories) as Ecosystem[]);
    await Promise.all(
      wanted.map(async (ecosystem) => {
        const factory = this.factories[ecosystem];
        if (factory === undefined) {
          return;
        }
        const mirror = this.options.mirrors?.[ecosystem];
        const sources: RegistryConfigSources = mirror === undefined ? base : { ...base, mirror };
        try {
          const configured = await factory(sources, this.options.context);
          clients[ecosystem] = configured.client;
          this.options.onConfigured?.(ecosystem, folder, configured.files, configured.problems);
        } catch (error) {
          this.options.onConfigured?.(ecosystem, folder, [], [`could not configure the ${ecosystem} registry: ${(error as Error).message ?? String(error)}`]);
        }
      }),
    );
    return clients;
  }
}
