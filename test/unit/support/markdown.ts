// What the documentation tests read from Markdown: fenced code blocks, links and heading anchors.
// Only the CommonMark that the project's own documents use: ``` fences, [text](target) links,
// `#` headings.

interface FencedBlock {
  /** The info string after the opening fence, e.g. `json feed:licenses`. */
  readonly info: string;
  readonly text: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
}

interface MarkdownLink {
  readonly target: string;
  readonly line: number;
}

export function fencedBlocks(markdown: string): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  let open: { info: string; line: number; lines: string[] } | undefined;
  markdown.split('\n').forEach((line, index) => {
    if (open === undefined) {
      const fence = /^```(.*)$/.exec(line);
      if (fence) {
        open = { info: fence[1].trim(), line: index + 1, lines: [] };
      }
    } else if (line.startsWith('```')) {
      blocks.push({ info: open.info, text: open.lines.join('\n'), line: open.line });
      open = undefined;
    } else {
      open.lines.push(line);
    }
  });
  return blocks;
}

/** The lines outside fenced code blocks, with their 1-based numbers. */
function proseLines(markdown: string): { text: string; line: number }[] {
  const lines: { text: string; line: number }[] = [];
  let inFence = false;
  markdown.split('\n').forEach((text, index) => {
    if (text.startsWith('```')) {
      inFence = !inFence;
    } else if (!inFence) {
      lines.push({ text, line: index + 1 });
    }
  });
  return lines;
}

/** `[text](target)` and `![alt](target)` outside code blocks and code spans. */
export function markdownLinks(markdown: string): MarkdownLink[] {
  return proseLines(markdown).flatMap(({ text, line }) =>
    [...text.replace(/`[^`]*`/g, '').matchAll(/\]\(([^)\s]+)\)/g)].map((match) => ({ target: match[1], line })),
  );
}

/** The anchors GitHub gives the headings: lower case, punctuation dropped, spaces as `-`. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const { text } of proseLines(markdown)) {
    const heading = /^#{1,6}\s+(.*)$/.exec(text);
    if (heading) {
      anchors.add(
        heading[1]
          .trim()
          .toLowerCase()
          .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
          .replace(/ /g, '-'),
      );
    }
  }
  return anchors;
}

/** The heading lines outside code blocks. */
export function headings(markdown: string): string[] {
  return proseLines(markdown)
    .map(({ text }) => text)
    .filter((text) => /^#{1,6}\s/.test(text));
}
