/** Every identifier the extension shares with package.json, in one place. */
export const EXTENSION_ID = 'ospo-guide.ospo-guide';
export const DISPLAY_NAME = 'OSPO Guide';
export const CONFIGURATION_SECTION = 'ospoGuide';

export const Commands = {
  openGuide: 'ospoGuide.openGuide',
  checkWorkspace: 'ospoGuide.checkWorkspace',
  showPolicy: 'ospoGuide.showPolicy',
  askOspo: 'ospoGuide.askOspo',
  showLog: 'ospoGuide.showLog',
  refreshPolicy: 'ospoGuide.refreshPolicy',
  exportSbom: 'ospoGuide.exportSbom',
  exportNotices: 'ospoGuide.exportNotices',
  allowLookups: 'ospoGuide.allowLookups',
  connectPolicyFeed: 'ospoGuide.connectPolicyFeed',
  /** Internal (hidden from the palette): links in hovers, diagnostics and the tree use them. */
  openTraining: 'ospoGuide.openTraining',
  requestException: 'ospoGuide.requestException',
  revealDependency: 'ospoGuide.revealDependency',
  replaceWithVersion: 'ospoGuide.replaceWithVersion',
  treeShowProblemsOnly: 'ospoGuide.tree.showProblemsOnly',
  treeShowAll: 'ospoGuide.tree.showAll',
} as const;

export const Views = {
  inventory: 'ospoGuide.inventory',
} as const;

/** Webview panel types. */
export const Panels = {
  guide: 'ospoGuide.guide',
  policy: 'ospoGuide.policy',
} as const;

/** Keys of what the extension keeps in `context.globalState` (per user, across workspaces). */
export const GlobalStateKeys = {
  /** The ids of the training snippets the user marked read. */
  trainingRead: 'ospoGuide.training.read',
} as const;

export const ContextKeys = {
  treeProblemsOnly: 'ospoGuide.tree.problemsOnly',
} as const;

/** `contributes.colors` ids, one per verdict. */
export const Colors = {
  allow: 'ospoGuide.allowForeground',
  review: 'ospoGuide.reviewForeground',
  deny: 'ospoGuide.denyForeground',
  unknown: 'ospoGuide.unknownForeground',
} as const;

/** The source of every diagnostic, as the Problems panel shows it. */
export const DIAGNOSTIC_SOURCE = 'OSPO Guide';

/** The scheme of the name the policy page is known by (`ospo-guide:/policy.md`, what Show Policy returns). */
export const DOCUMENT_SCHEME = 'ospo-guide';

/** A repository's own, tighten-only policy; read only in trusted workspaces. */
export const WORKSPACE_POLICY_PATH = '.ospo/policy.json';

/** Document schemes whose files are real manifests (not diffs, output or SCM views). */
export const MANIFEST_SCHEMES: readonly string[] = ['file', 'vscode-remote', 'vscode-vfs'];
