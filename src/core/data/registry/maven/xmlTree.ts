import { scanXmlElements, type XmlElementHandler } from '../../../manifests/pomXmlScanner';

/**
 * A small element tree of the parts of an XML document a caller asks for: settings.xml, a POM's
 * `<repositories>` or `<relocation>`, maven-metadata.xml. Read with the project's saxes-based
 * scanner, so no entity is ever expanded; bounded in elements and text, so a hostile file costs
 * linear time and bounded memory.
 */
export interface XmlNode {
  /** The local name (a namespace prefix dropped). */
  readonly name: string;
  readonly children: XmlNode[];
  /** The element's own text, trimmed; empty when it held an undefined entity or nothing. */
  text: string;
}

export interface XmlTreeLimits {
  /** Elements kept at most; the rest of the document is not kept. Default 20,000. */
  readonly maxElements?: number;
  /** Characters of text kept per element. Default 8 KiB. */
  readonly maxText?: number;
}

interface Handler extends XmlElementHandler {
  readonly node: XmlNode | null;
  readonly path: readonly string[];
}

/**
 * The document's root element with the descendants `keep` accepts (given the path of local names
 * from the root, the element's own name last); undefined when there is no root element. An element
 * not kept is not descended into.
 */
export function readXmlTree(text: string, keep: (path: readonly string[]) => boolean, limits: XmlTreeLimits = {}): XmlNode | undefined {
  const maxElements = limits.maxElements ?? 20_000;
  const maxText = limits.maxText ?? 8 * 1024;
  let root: XmlNode | undefined;
  let count = 0;
  scanXmlElements<Handler>(text, (rawName, _range, parent) => {
    const name = rawName.slice(rawName.indexOf(':') + 1);
    if (parent !== null && parent.node === null) {
      return { node: null, path: parent.path };
    }
    const path = parent === null ? [name] : [...parent.path, name];
    if ((parent !== null && !keep(path)) || count >= maxElements || (parent === null && root !== undefined)) {
      return { node: null, path };
    }
    count++;
    const node: XmlNode = { name, children: [], text: '' };
    let hadError = false;
    let raw = '';
    if (parent === null) {
      root = node;
    } else {
      parent.node?.children.push(node);
    }
    return {
      node,
      path,
      text: (piece, _textRange, error) => {
        hadError ||= error;
        if (raw.length < maxText) {
          raw += piece.slice(0, maxText - raw.length);
        }
      },
      close: () => {
        node.text = hadError ? '' : raw.trim();
      },
    };
  });
  return root;
}

/** The first child of that name. */
export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return node?.children.find((candidate) => candidate.name === name);
}

/** Every child of that name, in document order. */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  return node === undefined ? [] : node.children.filter((candidate) => candidate.name === name);
}

/** The text of the first child of that name; undefined when absent or empty. */
export function childText(node: XmlNode | undefined, name: string): string | undefined {
  const text = child(node, name)?.text;
  return text === undefined || text === '' ? undefined : text;
}

/** A `keep` predicate for a set of element paths below the root (`['mirrors', 'mirror', 'id']`): each path and its prefixes are kept. */
export function keepPaths(paths: readonly (readonly string[])[]): (path: readonly string[]) => boolean {
  const prefixes = new Set<string>();
  for (const wanted of paths) {
    for (let length = 1; length <= wanted.length; length++) {
      prefixes.add(wanted.slice(0, length).join('/'));
    }
  }
  // The root's own name is not part of the paths given.
  return (path) => prefixes.has(path.slice(1).join('/'));
}
