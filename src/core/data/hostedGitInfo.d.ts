// Type declarations for hosted-git-info, which ships none: the part we use. An ambient script (no
// top-level import or export) so the `declare module` block applies project-wide.

declare module 'hosted-git-info' {
  interface GitHost {
    /** `github`, `gitlab`, `bitbucket`, `gist`, `sourcehut`. */
    readonly type: string;
    /** `github.com`. */
    readonly domain: string;
    /** The owner, or a GitLab group path (`group/subgroup`). */
    readonly user: string;
    readonly project: string;
  }
  /** The code host a repository URL or npm shorthand names (`user/repo`, `github:user/repo`, `git@github.com:user/repo.git`); undefined for any other. */
  function fromUrl(url: string): GitHost | undefined;
}
