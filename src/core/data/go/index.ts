export { goModCache, resolveGo } from './resolveGo';
export { escapeModulePath, unescapeModulePath } from './moduleCase';
export { goSumKey, h1Hex, parseGoSum, type GoSum } from './goSum';
export { findReplace, isLocalPath, readGoModDirectives, type GoModDirectives, type GoReplace } from './goModDirectives';
export { parseVendorModules, type VendoredModule } from './vendorModules';
