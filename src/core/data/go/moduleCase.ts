/**
 * The module cache's case encoding (golang.org/x/mod/module.EscapePath): every upper-case
 * letter becomes `!` and the letter in lower case, so that module paths differing only in case
 * stay apart on case-insensitive file systems. `github.com/BurntSushi/toml` →
 * `github.com/!burnt!sushi/toml`. Versions are encoded the same way.
 */
export function escapeModulePath(modulePath: string): string {
  let escaped = '';
  for (const char of modulePath) {
    escaped += char >= 'A' && char <= 'Z' ? `!${char.toLowerCase()}` : char;
  }
  return escaped;
}

/** The reverse: `!x` → `X`. Returns null for text the encoding cannot produce (`!` before a non-letter, an upper-case letter). */
export function unescapeModulePath(escaped: string): string | null {
  let result = '';
  for (let index = 0; index < escaped.length; index++) {
    const char = escaped[index];
    if (char === '!') {
      const next = escaped[index + 1];
      if (next === undefined || next < 'a' || next > 'z') {
        return null;
      }
      result += next.toUpperCase();
      index++;
    } else if (char >= 'A' && char <= 'Z') {
      return null;
    } else {
      result += char;
    }
  }
  return result;
}
