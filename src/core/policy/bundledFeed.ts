import defaultFeedJson from './default/defaultFeed.json';
import type { PolicyFeed } from './feedModel';
import { validateFeed } from './validateFeed';

/**
 * The policy that applies when the organization configured none. It ships inside the bundle, so
 * it works offline; a test keeps it valid, so a failure here is a build defect, not user input.
 */
export function bundledDefaultFeed(): PolicyFeed {
  const result = validateFeed(defaultFeedJson);
  if (!result.feed) {
    throw new Error(`The bundled default policy is invalid: ${result.errors.map((error) => `${error.path} ${error.message}`).join('; ')}`);
  }
  return result.feed;
}
