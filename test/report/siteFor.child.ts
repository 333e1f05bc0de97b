// Run by site.test.ts as a separate process, so that two builds really run at the same time.
import { siteFor } from "../../loaders/report/site.ts";

const [db, cacheRoot] = process.argv.slice(2);
process.stdout.write(JSON.stringify(await siteFor(db, { cacheRoot })));
