// `npm run build` runs this before `observable build`: every loader reruns against the current database, and
// Framework finds in its cache the library versions it would otherwise ask the npm registry for.
import { prepareSite, siteRoot } from "./frameworkCache.ts";

prepareSite(siteRoot());
