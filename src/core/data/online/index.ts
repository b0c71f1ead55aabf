export { DEFAULT_DEPS_DEV_URL, DepsDevClient, type DepsDevClientOptions } from './depsDevClient';
export {
  DEPS_DEV_LICENSE_SOURCE,
  DEPS_DEV_SYSTEMS,
  type DepsDevSystem,
  isProjectKey,
  type PackageHealth,
  parseProject,
  parseVersion,
  type ProjectInfo,
  type Scorecard,
  type ScorecardCheck,
  SCORECARD_SOURCE,
  type VersionInfo,
  type VersionRequest,
  versionRequestKey,
  weakestChecks,
} from './depsDevTypes';
export type { FetchInit, FetchLike, FetchResponseLike } from './http';
