export { resolveCargo } from './resolveCargo';
export { CargoLockIndex, parseCargoLock, parseDependencyRef, type CargoLock, type CargoLockPackage, type CargoSourceKind } from './cargoLock';
