import { parseCargoToml } from './cargoToml';
import { parseComposerJson } from './composerJson';
import { parseGemfile } from './gemfile';
import { parseGoMod } from './goMod';
import { parseGradle } from './gradle';
import { parsePackageJson } from './packageJson';
import { parsePipfile } from './pipfile';
import { parsePomXml } from './pomXml';
import { parsePyproject } from './pyproject';
import { parseRequirements } from './requirements';
import type { ManifestKind, ManifestParser, ParsedManifest } from './types';

export { detectManifestKind, MANIFEST_GLOBS } from './detect';
export { MAX_MANIFEST_BYTES } from './limits';
export { LineIndex } from './lineIndex';
export * from './types';

const PARSERS: Readonly<Record<ManifestKind, ManifestParser>> = {
  npm: parsePackageJson,
  requirements: parseRequirements,
  pyproject: parsePyproject,
  pipfile: parsePipfile,
  cargo: parseCargoToml,
  gomod: parseGoMod,
  maven: parsePomXml,
  gradle: parseGradle,
  gemfile: parseGemfile,
  composer: parseComposerJson,
};

export function parseManifest(kind: ManifestKind, text: string): ParsedManifest {
  return PARSERS[kind](text);
}
