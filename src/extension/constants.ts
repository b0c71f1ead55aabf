/** Every identifier the extension shares with package.json, in one place. */
export const EXTENSION_ID = 'ospo-guide.ospo-guide';
export const DISPLAY_NAME = 'OSPO Guide';
export const CONFIGURATION_SECTION = 'ospoGuide';

export const Commands = {
  showLog: 'ospoGuide.showLog',
  refreshPolicy: 'ospoGuide.refreshPolicy',
  exportSbom: 'ospoGuide.exportSbom',
} as const;

/** A repository's own, tighten-only policy; read only in trusted workspaces. */
export const WORKSPACE_POLICY_PATH = '.ospo/policy.json';

/** Document schemes whose files are real manifests (not diffs, output or SCM views). */
export const MANIFEST_SCHEMES: readonly string[] = ['file', 'vscode-remote', 'vscode-vfs'];
