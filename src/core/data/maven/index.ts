export { MAX_ARTIFACTS, MAX_TRANSITIVE_DEPTH, resolveMaven } from './resolveMaven';
export { declaredFromPomLicenses, pomLicenseToSpdx, type PomLicense } from './licenseNames';
export { readPomModel, type PomDependencyEntry, type PomExclusion, type PomModel, type PomParentRef } from './pomModel';
export { coordinateKey, MAX_IMPORT_DEPTH, MAX_PARENT_DEPTH, PomStore, type EffectiveDependency, type EffectivePom, type ManagedEntry } from './effectivePom';
export { artifactStores, findPom, isSafeCoordinate, jarHashes, type ArtifactStores, type LocatedPom } from './repository';
