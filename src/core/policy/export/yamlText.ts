// The small YAML files of `feed export`, written by hand: `yaml` is a development dependency only.

/** A double-quoted scalar: JSON's string syntax is valid YAML and needs no case analysis. */
export function yamlString(text: string): string {
  return JSON.stringify(text);
}

/** Comment lines; a line break inside the text (from the feed) cannot end the comment early. */
export function yamlComments(lines: readonly string[]): string {
  return lines.map((line) => `# ${line.replace(/[\r\n\u0085\u2028\u2029]+/g, ' ')}`.trimEnd() + '\n').join('');
}

/** `key:` and its items, or `key: []` (an empty list is still a value, unlike an absent key). */
export function yamlList(key: string, items: readonly string[], indent = ''): string {
  if (items.length === 0) {
    return `${indent}${key}: []\n`;
  }
  return `${indent}${key}:\n` + items.map((item) => `${indent}  - ${yamlString(item)}\n`).join('');
}
