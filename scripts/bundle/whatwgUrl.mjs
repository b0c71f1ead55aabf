// Stands in for whatwg-url in the bundles. node-fetch 2 takes `Url.URL || whatwgUrl.URL`, and Node
// always has URL, so whatwg-url (and tr46's Unicode tables, 290 KB minified) would never run.
import { URL } from 'node:url';

export default { URL };
