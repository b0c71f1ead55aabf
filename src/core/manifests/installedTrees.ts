/**
 * Folders that hold installed, vendored or generated code: other people's manifests, never the
 * project's own. A folder with one of `INSTALLED_TREE_MARKERS` is such a tree whatever its name
 * (a virtual environment has `pyvenv.cfg`; `cargo vendor` writes `.cargo-checksum.json` into each crate).
 */
export const INSTALLED_TREE_FOLDERS: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  '.venv',
  'venv',
  '.tox',
  '.nox',
  '__pycache__',
  '.mypy_cache',
  'site-packages',
  'bower_components',
  '.gradle',
  '.idea',
  '.vscode-test',
  'vendor',
  'target',
  '.m2',
  '.cargo',
]);

export const INSTALLED_TREE_MARKERS: readonly string[] = ['pyvenv.cfg', '.cargo-checksum.json'];
