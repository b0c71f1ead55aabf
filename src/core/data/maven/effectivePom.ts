import * as path from 'node:path';
import { pomInterpolator, type PomInterpolator, type PomModelValues, type PomPropertyValue } from '../../manifests/pomProperties';
import type { DeclaredLicense } from '../types';
import { readDataFile } from '../dataFiles';
import { declaredFromPomLicenses } from './licenseNames';
import { readPomModel, type PomExclusion, type PomModel } from './pomModel';
import { findPom, type ArtifactStores, type LocatedPom } from './repository';

/** Parent chains deeper than this are cut (real ones have three or four levels). */
export const MAX_PARENT_DEPTH = 10;
/** BOMs importing BOMs: nested deeper than this are not followed. */
export const MAX_IMPORT_DEPTH = 8;

export interface ManagedEntry {
  readonly version?: string;
  readonly scope?: string;
  readonly exclusions: readonly PomExclusion[];
}

export interface EffectiveDependency {
  readonly groupId: string;
  readonly artifactId: string;
  readonly version?: string;
  readonly scope: string;
  readonly optional: boolean;
  readonly type?: string;
  readonly exclusions: readonly PomExclusion[];
}

/**
 * A POM with what it inherits, as far as offline reading of the stores allows: properties,
 * licenses, dependencyManagement (with `import`ed BOMs) and dependencies from the parent chain,
 * versions interpolated. Not Maven's full model building: no profiles, no plugins, no settings.
 */
export interface EffectivePom {
  readonly model: PomModel;
  readonly groupId?: string;
  readonly artifactId?: string;
  readonly version?: string;
  readonly located?: LocatedPom;
  readonly license?: DeclaredLicense;
  readonly dependencies: readonly EffectiveDependency[];
  /** `group:artifact` → managed version and scope. */
  readonly managed: ReadonlyMap<string, ManagedEntry>;
  readonly interpolate: PomInterpolator;
}

export interface PomStoreContext {
  readonly files: string[];
  /** Counted, so that a thousand missing POMs make one line. */
  readonly stats: {
    missingParents: Set<string>;
    brokenPoms: string[];
    unreadable: string[];
    parentCycles: Set<string>;
  };
}

interface Level {
  readonly model: PomModel;
  /** Coordinates, for the words of a license source. */
  readonly label: string;
}

export function coordinateKey(groupId: string, artifactId: string): string {
  return `${groupId}:${artifactId}`;
}

/**
 * Reads POMs from the stores once each, and builds effective POMs once each. Not safe for
 * concurrent use: callers await one `effective` at a time, which is what makes the cycle check
 * (the `stack` of BOM imports being built) sound.
 */
export class PomStore {
  private readonly models = new Map<string, Promise<{ model: PomModel; located: LocatedPom } | null>>();
  private readonly effectives = new Map<string, Promise<EffectivePom | null>>();

  constructor(
    private readonly stores: ArtifactStores,
    private readonly gradleFirst: boolean,
    private readonly context: PomStoreContext,
  ) {}

  /** The raw model of a POM in the stores, or null when it is not there. */
  load(groupId: string, artifactId: string, version: string): Promise<{ model: PomModel; located: LocatedPom } | null> {
    const key = `${groupId}:${artifactId}:${version}`;
    let loading = this.models.get(key);
    if (!loading) {
      loading = this.read(groupId, artifactId, version);
      this.models.set(key, loading);
    }
    return loading;
  }

  private async read(groupId: string, artifactId: string, version: string): Promise<{ model: PomModel; located: LocatedPom } | null> {
    const found = await findPom(this.stores, groupId, artifactId, version, this.gradleFirst);
    if (found === null) {
      return null;
    }
    if ('error' in found) {
      this.context.stats.unreadable.push(`${found.file}: ${found.error}`);
      return null;
    }
    this.context.files.push(found.file);
    const model = readPomModel(found.text);
    if (!model.isPom || model.problems.length > 0) {
      this.context.stats.brokenPoms.push(`${found.file}: ${model.isPom ? model.problems[0].message : 'no <project> element'}`);
    }
    return model.isPom ? { model, located: found } : null;
  }

  /** The effective POM of an artifact in the stores; null when its POM is not there. */
  async effective(groupId: string, artifactId: string, version: string, stack: ReadonlySet<string> = new Set()): Promise<EffectivePom | null> {
    const key = `${groupId}:${artifactId}:${version}`;
    if (stack.has(key) || stack.size >= MAX_IMPORT_DEPTH) {
      return null;
    }
    let building = this.effectives.get(key);
    if (!building) {
      building = (async () => {
        const loaded = await this.load(groupId, artifactId, version);
        return loaded ? this.build(loaded.model, key, null, new Set([...stack, key]), loaded.located) : null;
      })();
      this.effectives.set(key, building);
    }
    return building;
  }

  /**
   * The effective POM of a model read elsewhere (the project's own pom.xml). `localFolder` lets
   * the parent come from `<relativePath>` (default `../pom.xml`) before the stores, as Maven does.
   */
  async effectiveOfModel(model: PomModel, label: string, localFolder: string): Promise<EffectivePom> {
    return this.build(model, label, localFolder, new Set());
  }

  private async build(model: PomModel, label: string, localFolder: string | null, stack: ReadonlySet<string>, located?: LocatedPom): Promise<EffectivePom> {
    const chain = await this.parentChain(model, label, localFolder);
    const values: PomModelValues = {
      ...optional('projectGroupId', model.groupId),
      ...optional('projectArtifactId', model.artifactId),
      ...optional('projectVersion', model.version),
      ...optional('parentGroupId', model.parent?.groupId),
      ...optional('parentVersion', model.parent?.version),
    };
    const properties = new Map<string, PomPropertyValue>();
    for (let index = chain.length - 1; index >= 0; index--) {
      for (const [name, value] of chain[index].model.properties) {
        properties.set(name, value);
      }
    }
    const interpolate = pomInterpolator(values, [properties]);
    const text = (value: string | undefined): string | undefined => (value === undefined ? undefined : interpolate(value) || undefined);

    const managed = new Map<string, ManagedEntry>();
    const imports: { groupId: string; artifactId: string; version: string }[] = [];
    for (const level of chain) {
      for (const entry of level.model.managed) {
        const groupId = text(entry.groupId);
        const artifactId = text(entry.artifactId);
        if (!groupId || !artifactId) {
          continue;
        }
        const version = text(entry.version);
        if (entry.scope === 'import' && entry.type === 'pom') {
          if (version) {
            imports.push({ groupId, artifactId, version });
          }
          continue;
        }
        const key = coordinateKey(groupId, artifactId);
        if (!managed.has(key)) {
          managed.set(key, { ...optional('version', version), ...optional('scope', entry.scope), exclusions: entry.exclusions });
        }
      }
    }
    // Imported BOMs come after everything declared, first import first, as in Maven.
    for (const imported of imports) {
      const bom = await this.effective(imported.groupId, imported.artifactId, imported.version, stack);
      for (const [key, entry] of bom?.managed ?? []) {
        if (!managed.has(key)) {
          managed.set(key, entry);
        }
      }
    }

    const dependencies: EffectiveDependency[] = [];
    const seen = new Set<string>();
    for (const level of chain) {
      for (const entry of level.model.dependencies) {
        const groupId = text(entry.groupId);
        const artifactId = text(entry.artifactId);
        if (!groupId || !artifactId) {
          continue;
        }
        const key = coordinateKey(groupId, artifactId);
        if (seen.has(key)) {
          continue;
        }
        seen.add(key);
        const managedEntry = managed.get(key);
        const version = text(entry.version) ?? managedEntry?.version;
        dependencies.push({
          groupId,
          artifactId,
          ...optional('version', version),
          scope: entry.scope ?? managedEntry?.scope ?? 'compile',
          optional: entry.optional,
          ...optional('type', entry.type),
          exclusions: [...entry.exclusions, ...(managedEntry?.exclusions ?? [])],
        });
      }
    }

    const licensed = chain.findIndex((level) => level.model.licenses.length > 0);
    const license =
      licensed < 0
        ? undefined
        : declaredFromPomLicenses(
            chain[licensed].model.licenses,
            licensed === 0 ? `${chain[0].label} <licenses>` : `${chain[0].label} <licenses> inherited from parent ${chain[licensed].label}`,
          );
    return {
      model,
      ...optional('groupId', values.projectGroupId ?? values.parentGroupId),
      ...optional('artifactId', values.projectArtifactId),
      ...optional('version', values.projectVersion ?? values.parentVersion),
      ...(located ? { located } : {}),
      ...(license ? { license } : {}),
      dependencies,
      managed,
      interpolate,
    };
  }

  /** The model and its parents, child first: bounded, and cut at the first repeated POM. */
  private async parentChain(model: PomModel, label: string, localFolder: string | null): Promise<Level[]> {
    const chain: Level[] = [{ model, label }];
    const seen = new Set<string>([label]);
    let current = model;
    let folder = localFolder;
    while (current.parent && chain.length <= MAX_PARENT_DEPTH) {
      const { groupId, artifactId, version, relativePath } = current.parent;
      if (!groupId || !artifactId || !version) {
        break;
      }
      const key = `${groupId}:${artifactId}:${version}`;
      if (seen.has(key)) {
        this.context.stats.parentCycles.add(key);
        break;
      }
      seen.add(key);
      let parentModel: PomModel | null = null;
      let parentFolder: string | null = null;
      if (folder !== null && relativePath !== '') {
        const local = await this.localParent(folder, relativePath ?? '../pom.xml', groupId, artifactId);
        if (local) {
          parentModel = local.model;
          parentFolder = local.folder;
        }
      }
      if (parentModel === null) {
        const loaded = await this.load(groupId, artifactId, version);
        if (!loaded) {
          this.context.stats.missingParents.add(key);
          break;
        }
        parentModel = loaded.model;
      }
      chain.push({ model: parentModel, label: key });
      current = parentModel;
      folder = parentFolder;
    }
    return chain;
  }

  /** A parent in the project's own tree: used only when its coordinates are the ones asked for. */
  private async localParent(folder: string, relativePath: string, groupId: string, artifactId: string): Promise<{ model: PomModel; folder: string } | null> {
    let file = path.resolve(folder, relativePath);
    if (!file.endsWith('.xml')) {
      file = path.join(file, 'pom.xml');
    }
    const read = await readDataFile(file);
    if (!('text' in read)) {
      return null;
    }
    const model = readPomModel(read.text);
    const modelGroup = model.groupId ?? model.parent?.groupId;
    if (!model.isPom || modelGroup !== groupId || model.artifactId !== artifactId) {
      return null;
    }
    this.context.files.push(file);
    return { model, folder: path.dirname(file) };
  }
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
