/** Sections by name, each option (lower case) to its value; `DEFAULT` applies to every section. */
export type IniSections = ReadonlyMap<string, ReadonlyMap<string, string>>;

export interface IniResult {
  readonly sections: IniSections;
  /** One line each: what Python's configparser would have refused. */
  readonly problems: readonly string[];
}

/**
 * Reads an INI file the way pip reads its configuration, with Python's `configparser.RawConfigParser`
 * defaults (https://docs.python.org/3/library/configparser.html#supported-ini-file-structure):
 * `key = value` or `key: value`; option names lower-cased; whole-line comments starting with `#`
 * or `;` (a `#` after a value is part of the value, since no inline comment prefixes are set); a
 * more indented line continues the value before it on a new line, which is how pip.conf lists
 * several `extra-index-url`s; no interpolation. Linear in the text; never throws.
 */
export function parsePythonIni(text: string): IniResult {
  const sections = new Map<string, Map<string, string>>();
  const problems: string[] = [];
  let current: Map<string, string> | undefined;
  let option: string | undefined;
  let optionIndent = 0;
  const lines = text.split(/\r\n|\n|\r/);
  for (let number = 1; number <= lines.length; number++) {
    const line = lines[number - 1];
    const stripped = line.trim();
    const indent = line.length - line.trimStart().length;
    if (stripped.startsWith('#') || stripped.startsWith(';')) {
      continue;
    }
    if (stripped === '') {
      // An empty line inside a value is kept by configparser; it only separates words here.
      if (current !== undefined && option !== undefined) {
        current.set(option, `${current.get(option) ?? ''}\n`);
      }
      continue;
    }
    if (current !== undefined && option !== undefined && indent > optionIndent) {
      current.set(option, `${current.get(option) ?? ''}\n${stripped}`);
      continue;
    }
    option = undefined;
    if (stripped.startsWith('[') && stripped.endsWith(']') && stripped.length > 2) {
      const name = stripped.slice(1, -1);
      if (sections.has(name)) {
        problems.push(`line ${number}: section [${name}] appears twice`);
      }
      current = sections.get(name) ?? new Map<string, string>();
      sections.set(name, current);
      continue;
    }
    if (current === undefined) {
      problems.push(`line ${number}: a setting before any [section]`);
      continue;
    }
    const delimiter = firstDelimiter(stripped);
    if (delimiter <= 0) {
      problems.push(`line ${number}: neither a [section] nor key = value`);
      continue;
    }
    const key = stripped.slice(0, delimiter).trim().toLowerCase();
    if (current.has(key)) {
      problems.push(`line ${number}: ${key} is set twice in one section`);
    }
    current.set(key, stripped.slice(delimiter + 1).trim());
    option = key;
    optionIndent = indent;
  }
  for (const values of sections.values()) {
    for (const [key, value] of values) {
      values.set(key, value.trimEnd());
    }
  }
  return { sections, problems };
}

/** The value of an option in a section, falling back to `[DEFAULT]` as configparser does. */
export function iniValue(sections: IniSections, section: string, key: string): string | undefined {
  return sections.get(section)?.get(key) ?? sections.get('DEFAULT')?.get(key);
}

function firstDelimiter(line: string): number {
  const equals = line.indexOf('=');
  const colon = line.indexOf(':');
  if (equals < 0) {
    return colon;
  }
  return colon < 0 ? equals : Math.min(equals, colon);
}
