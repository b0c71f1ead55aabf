// The one message protocol between the guide panel (src/extension/guidePanel.ts) and its webview
// (src/webview/main.ts). Both sides import these types; the extension validates every message
// from the webview with `isWebviewMessage` before it looks at it, because a webview's messages are
// input like any other. No DOM and no `vscode` here: both compilations include this file.

export const GUIDE_SECTIONS = ['contribute', 'learn', 'policy', 'funding'] as const;
export type GuideSection = (typeof GUIDE_SECTIONS)[number];

/** Messages the webview sends to the extension. */
export type WebviewMessage =
  /** The script loaded and is listening. */
  | { readonly type: 'ready' }
  /** The user switched to a section (kept so a re-render shows the same one). */
  | { readonly type: 'showSection'; readonly section: GuideSection }
  /** The user marked a training snippet read or not read. */
  | { readonly type: 'setRead'; readonly id: string; readonly read: boolean }
  /** "Request approval" for a workspace folder; the URL comes from the extension's model, never from the webview. */
  | { readonly type: 'requestApproval'; readonly folder: string }
  | { readonly type: 'askOspo' }
  /** "Connect policy feed", shown when no organization's feed is connected: opens the setting. */
  | { readonly type: 'connectFeed' }
  /** "Show in the Open Source view". */
  | { readonly type: 'openInventory' }
  /** Read the git facts and the policy again. */
  | { readonly type: 'refresh' }
  /** The training search box changed; the extension answers with `searchResult`. */
  | { readonly type: 'search'; readonly query: string };

export type WebviewMessageType = WebviewMessage['type'];

/** Messages the extension sends to the webview. */
export type HostMessage =
  | { readonly type: 'reveal'; readonly section: GuideSection; readonly training?: string }
  | { readonly type: 'readState'; readonly id: string; readonly read: boolean }
  /** The ids of the snippets that match `query` (src/core/guide/training.ts `filterTraining`). */
  | { readonly type: 'searchResult'; readonly query: string; readonly ids: readonly string[] };

export function isGuideSection(value: unknown): value is GuideSection {
  return typeof value === 'string' && (GUIDE_SECTIONS as readonly string[]).includes(value);
}

/** Longest id or folder name a message may carry; anything longer is not from our webview. */
const MAX_TEXT = 500;
/** Longest search query the box accepts (its `maxlength`). */
export const MAX_QUERY = 200;

function isShortString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_TEXT;
}

function hasOnly(record: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.keys(record).every((key) => keys.includes(key));
}

/**
 * Whether `value` is exactly one of the `WebviewMessage` shapes: a plain object with a known
 * `type`, every field of the right type and no other field.
 */
export function isWebviewMessage(value: unknown): value is WebviewMessage {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const record = value as Record<string, unknown>;
  switch (record.type) {
    case 'ready':
    case 'askOspo':
    case 'connectFeed':
    case 'openInventory':
    case 'refresh':
      return hasOnly(record, ['type']);
    case 'showSection':
      return hasOnly(record, ['type', 'section']) && isGuideSection(record.section);
    case 'setRead':
      return hasOnly(record, ['type', 'id', 'read']) && isShortString(record.id) && typeof record.read === 'boolean';
    case 'requestApproval':
      return hasOnly(record, ['type', 'folder']) && isShortString(record.folder);
    case 'search':
      return hasOnly(record, ['type', 'query']) && typeof record.query === 'string' && record.query.length <= MAX_QUERY;
    default:
      return false;
  }
}

/** The extension side's counterpart, used by the webview on what it receives. */
export function isHostMessage(value: unknown): value is HostMessage {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const record = value as Record<string, unknown>;
  switch (record.type) {
    case 'reveal':
      return isGuideSection(record.section) && (record.training === undefined || isShortString(record.training));
    case 'readState':
      return isShortString(record.id) && typeof record.read === 'boolean';
    case 'searchResult':
      return typeof record.query === 'string' && Array.isArray(record.ids) && record.ids.every((id) => typeof id === 'string');
    default:
      return false;
  }
}
