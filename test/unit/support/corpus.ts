import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { MANIFEST_KINDS, type ManifestKind } from '../../../src/core/manifests';
import { REPO_ROOT } from './projectFiles';

export interface CorpusFile {
  /** `<format folder>/<file>`, as in test/corpus/SOURCES.md. */
  readonly id: string;
  readonly kind: ManifestKind;
  readonly text: string;
}

/** The real manifests in `test/corpus` (OSPO_GUIDE_CORPUS names another folder of the same layout). */
export function corpusRoot(): string {
  return process.env.OSPO_GUIDE_CORPUS ?? path.join(REPO_ROOT, 'test/corpus');
}

export function loadCorpus(): CorpusFile[] {
  const root = corpusRoot();
  const files: CorpusFile[] = [];
  for (const folder of readdirSync(root, { withFileTypes: true })) {
    if (!folder.isDirectory()) {
      continue;
    }
    for (const file of readdirSync(path.join(root, folder.name))) {
      const kind = kindOfCorpusFile(folder.name, file);
      files.push({ id: `${folder.name}/${file}`, kind, text: readFileSync(path.join(root, folder.name, file), 'utf8') });
    }
  }
  return files;
}

/** The corpus keeps one folder per format, named as our manifest kinds are. */
function kindOfCorpusFile(folder: string, file: string): ManifestKind {
  const kind = MANIFEST_KINDS.find((candidate) => candidate === folder);
  if (!kind) {
    throw new Error(`Corpus folder ${folder} (${file}) is not a manifest kind`);
  }
  return kind;
}
