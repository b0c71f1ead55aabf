// What the extension needs only once registry lookups run (or once it must name their hosts to
// ask the user): the registry clients, their HTTP layer and deps.dev. esbuild bundles this module
// on its own, as dist/lookups.js, which the extension loads on first use (src/extension/lookupLayer.ts).
export { DepsDevClient } from './online/depsDevClient';
export { withOnlineData } from './onlineInventory';
export { RegistryClientsByFolder } from './registry/registryClients';
export { RegistryHttp } from './registry/registryHttp';
export { askRegistries, RegistryInventory } from './registry/registryInventory';
