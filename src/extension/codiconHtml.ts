import { escapeHtml } from '../core/guide/escapeHtml';

/** A codicon of the bundled font: decorative (hidden from screen readers) unless it is given a label. */
export function codicon(name: string, label?: string): string {
  return label === undefined
    ? `<span class="codicon codicon-${name}" aria-hidden="true"></span>`
    : `<span class="codicon codicon-${name}" role="img" aria-label="${escapeHtml(label)}"></span>`;
}
