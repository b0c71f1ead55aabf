export interface GoSum {
  /** `path version` → SHA-256 hex of the `h1:` hash of the module's file tree. */
  readonly hashes: ReadonlyMap<string, string>;
  readonly problems: readonly string[];
}

export function goSumKey(modulePath: string, version: string): string {
  return `${modulePath} ${version}`;
}

/**
 * Reads go.sum: `path version h1:<base64>` lines. `h1:` is the SHA-256 of the module's
 * dirhash summary (one `sha256  file` line per file), so it is recorded as a SHA-256. The
 * `path version/go.mod` lines only hash the go.mod file and are skipped, as are hashes of
 * other (future) algorithms.
 */
export function parseGoSum(text: string): GoSum {
  const hashes = new Map<string, string>();
  let broken = 0;
  let firstBroken = 0;
  const lines = text.split(/\r?\n|\r/);
  lines.forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '') {
      return;
    }
    const fields = trimmed.split(/\s+/);
    const hex = fields.length === 3 ? h1Hex(fields[2]) : undefined;
    if (fields.length !== 3 || (fields[2].startsWith('h1:') && hex === undefined)) {
      broken++;
      firstBroken ||= index + 1;
      return;
    }
    const [modulePath, version] = fields;
    if (version.endsWith('/go.mod') || hex === undefined) {
      return;
    }
    hashes.set(goSumKey(modulePath, version), hex);
  });
  const problems =
    broken > 0 ? [`${broken} ${broken === 1 ? 'line is' : 'lines are'} not \`module version h1:hash\` (first: line ${firstBroken})`] : [];
  return { hashes, problems };
}

const BASE64 = /^[A-Za-z0-9+/]{43}=$/;

/** The hex of an `h1:` hash, or undefined when it is not 32 bytes of standard base64. */
export function h1Hex(hash: string): string | undefined {
  if (!hash.startsWith('h1:')) {
    return undefined;
  }
  const base64 = hash.slice(3);
  return BASE64.test(base64) ? Buffer.from(base64, 'base64').toString('hex') : undefined;
}
