import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { detectManifestKind, type ManifestKind } from '../core/manifests';
import { INSTALLED_TREE_FOLDERS, INSTALLED_TREE_MARKERS } from '../core/manifests/installedTrees';

const MAX_FILES = 10_000;

export interface FoundManifest {
  readonly file: string;
  readonly kind: ManifestKind;
}

/**
 * Manifests under the given files and folders, in a stable order. A folder that is a Python
 * virtual environment (it has `pyvenv.cfg`) or a vendored crate (`.cargo-checksum.json`) is
 * skipped whatever its name: both hold other people's manifests.
 */
export async function findManifests(roots: readonly string[]): Promise<FoundManifest[]> {
  const found: FoundManifest[] = [];
  const seen = new Set<string>();
  const visit = async (target: string, explicit: boolean, viaLink = false): Promise<void> => {
    if (found.length >= MAX_FILES || seen.has(target)) {
      return;
    }
    seen.add(target);
    let info;
    try {
      info = await stat(target);
    } catch (error) {
      // A link that leads nowhere or in a loop, named like a manifest: the reader names the problem.
      const kind = explicit ? undefined : detectManifestKind(target);
      if (kind) {
        found.push({ file: target, kind });
        return;
      }
      throw error;
    }
    // A FIFO or a device named like a manifest is kept: the bounded reader refuses it with a plain message instead of a silent skip.
    if (info.isFile() || (!info.isDirectory() && detectManifestKind(target))) {
      const kind = detectManifestKind(target);
      if (kind) {
        found.push({ file: target, kind });
      } else if (explicit) {
        throw new Error(`'${target}' is not a manifest this tool reads`);
      }
      return;
    }
    // A folder reached through a link named like a manifest is not walked: links may loop.
    if (!info.isDirectory() || viaLink) {
      return;
    }
    const entries = await readdir(target, { withFileTypes: true });
    if (!explicit && entries.some((entry) => entry.isFile() && INSTALLED_TREE_MARKERS.includes(entry.name))) {
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory() && !INSTALLED_TREE_FOLDERS.has(entry.name)) {
        await visit(path.join(target, entry.name), false);
      } else if ((entry.isFile() || entry.isSymbolicLink() || isSpecial(entry)) && detectManifestKind(path.join(target, entry.name))) {
        await visit(path.join(target, entry.name), false, entry.isSymbolicLink());
      }
    }
  };
  for (const root of roots) {
    await visit(path.resolve(root), true);
  }
  return found;
}

/** A FIFO, socket or device: kept so that the bounded reader refuses it with a plain message. */
function isSpecial(entry: Dirent): boolean {
  return entry.isFIFO() || entry.isSocket() || entry.isCharacterDevice() || entry.isBlockDevice();
}
