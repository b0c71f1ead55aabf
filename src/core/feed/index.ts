export * from './feedSource';
export * from './fetchFeed';
export * from './signature';
export * from './feedStore';
export * from './feedText';
export * from './feedLoader';
export * from './mergeWorkspacePolicy';
export * from './folderPolicies';
