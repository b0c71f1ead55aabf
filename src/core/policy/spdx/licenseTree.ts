// The parsed form of a license expression: leaves and n-ary AND / OR nodes (chains flattened).

/** One license, as in `GPL-2.0-or-later`, `Apache-2.0+`, `LicenseRef-acme` or `L WITH E`. */
export interface LicenseLeafNode {
  readonly type: 'leaf';
  /** The id as written in the normalized expression, without `+`. */
  readonly license: string;
  /** The SPDX `+` operator (or later), for ids that have no `-or-later` form. */
  readonly plus: boolean;
  readonly exception?: string;
}

export interface LicenseCompoundNode {
  readonly type: 'and' | 'or';
  /** Two or more; never a node of the same type (chains are flattened). */
  readonly children: readonly LicenseNode[];
}

export type LicenseNode = LicenseLeafNode | LicenseCompoundNode;

/** `license` plus `+` where present: the leaf's license part as written. */
export function leafLicenseText(leaf: Pick<LicenseLeafNode, 'license' | 'plus'>): string {
  return leaf.plus ? `${leaf.license}+` : leaf.license;
}

/** The leaf as SPDX text, `L`, `L+` or `L WITH E`. */
export function leafText(leaf: Pick<LicenseLeafNode, 'license' | 'plus' | 'exception'>): string {
  const license = leafLicenseText(leaf);
  return leaf.exception === undefined ? license : `${license} WITH ${leaf.exception}`;
}

/**
 * Canonical SPDX text: operators in upper case, single spaces, and parentheses only around an
 * OR inside an AND, or an AND inside an OR (the latter is not required by SPDX precedence but
 * reads unambiguously).
 */
export function serializeLicenseNode(node: LicenseNode): string {
  if (node.type === 'leaf') {
    return leafText(node);
  }
  const operator = node.type === 'and' ? ' AND ' : ' OR ';
  return node.children
    .map((child) => (child.type === 'leaf' ? leafText(child) : `(${serializeLicenseNode(child)})`))
    .join(operator);
}

/** Builds a flattened n-ary node; a single child is returned as is. */
export function combineLicenseNodes(type: 'and' | 'or', parts: readonly LicenseNode[]): LicenseNode {
  const children: LicenseNode[] = [];
  for (const part of parts) {
    if (part.type === type) {
      children.push(...part.children);
    } else {
      children.push(part);
    }
  }
  return children.length === 1 ? children[0] : { type, children };
}

/** The licenses of an expression's leaves, in order, repeats kept (`MIT OR (GPL-3.0-only WITH X)` → MIT, GPL-3.0-only). */
export function leafLicenses(node: LicenseNode): string[] {
  return node.type === 'leaf' ? [node.license] : node.children.flatMap(leafLicenses);
}
