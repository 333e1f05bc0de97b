// Page code stays short: Prettier cannot format the pages (see .prettierignore), so this check holds their ```js
// cells to the 120 characters Prettier holds the rest of the code to. Prose and html outside cells are not code.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("../src/", import.meta.url).pathname;
const width = 120;
const long = [];
for (const name of readdirSync(root).filter((n) => n.endsWith(".md"))) {
  let inCell = false;
  readFileSync(join(root, name), "utf8")
    .split("\n")
    .forEach((line, i) => {
      if (/^```/.test(line)) inCell = !inCell && /^```js\b/.test(line);
      else if (inCell && line.length > width) long.push(`src/${name}:${i + 1}: ${line.length} characters`);
    });
}
if (long.length) {
  console.error(`Page code lines over ${width} characters (${long.length}):\n${long.join("\n")}`);
  process.exit(1);
}
console.log(`Page code: no line over ${width} characters.`);
