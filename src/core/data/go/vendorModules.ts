export interface VendoredModule {
  readonly path: string;
  /** Absent for a `# path => ./local` line. */
  readonly version?: string;
  readonly replacement?: { readonly path: string; readonly version?: string };
  /** `## explicit`: go.mod requires it itself. */
  readonly explicit: boolean;
  /** The packages copied into vendor/. */
  readonly packages: readonly string[];
}

/**
 * Reads vendor/modules.txt, written by `go mod vendor`:
 * `# path version [=> path [version]]`, then `## explicit[; go 1.x]`, then one package per line.
 */
export function parseVendorModules(text: string): { modules: VendoredModule[]; problems: string[] } {
  const modules: { path: string; version?: string; replacement?: { path: string; version?: string }; explicit: boolean; packages: string[] }[] = [];
  const problems: string[] = [];
  text.split(/\r?\n|\r/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') {
      return;
    }
    if (line.startsWith('## ')) {
      const current = modules[modules.length - 1];
      if (current && line.slice(3).split(';').some((part) => part.trim() === 'explicit')) {
        current.explicit = true;
      }
      return;
    }
    if (line.startsWith('# ')) {
      const fields = line.slice(2).trim().split(/\s+/);
      const arrow = fields.indexOf('=>');
      const left = arrow < 0 ? fields : fields.slice(0, arrow);
      const right = arrow < 0 ? [] : fields.slice(arrow + 1);
      if (left.length < 1 || left.length > 2 || (arrow >= 0 && (right.length < 1 || right.length > 2))) {
        problems.push(`line ${index + 1}: expected \`# module version\``);
        return;
      }
      modules.push({
        path: left[0],
        ...(left[1] !== undefined ? { version: left[1] } : {}),
        ...(right.length > 0 ? { replacement: { path: right[0], ...(right[1] !== undefined ? { version: right[1] } : {}) } } : {}),
        explicit: false,
        packages: [],
      });
      return;
    }
    if (!line.startsWith('#')) {
      modules[modules.length - 1]?.packages.push(line);
    }
  });
  return { modules, problems };
}
