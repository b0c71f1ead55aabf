/**
 * Read sizes for the files that had none of their own. The others are next to their parsers:
 * MAX_MANIFEST_BYTES (manifests), MAX_DATA_FILE_BYTES (lockfiles, installed metadata),
 * MAX_FEED_BYTES (feed files, `--policy`), MAX_WORKSPACE_POLICY_BYTES (`.ospo/policy.json`) and
 * the license-text caps of each resolver.
 */

/** `.git/config`, a `.git` pointer file, `commondir`, `~/.gitconfig`: a few KiB in real repositories. */
export const MAX_GIT_CONFIG_BYTES = 1024 * 1024;

/** `.ospo/choices.json`: one short entry per package with an OR license. */
export const MAX_LICENSE_CHOICES_BYTES = 4 * 1024 * 1024;

/**
 * `.ospo/policy.json` is limited in characters after decoding (MAX_WORKSPACE_POLICY_BYTES); a
 * character is at most 4 bytes, so this many bytes always hold a file that passes that limit.
 */
export const WORKSPACE_POLICY_READ_FACTOR = 4;
