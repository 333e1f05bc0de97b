// ESLint reports problems, Prettier owns the layout (eslint-config-prettier turns the style rules off).
import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import prettier from "eslint-config-prettier";
import globals from "globals";
import tseslint from "typescript-eslint";

// A leading underscore marks an argument or binding kept on purpose (a callback's unused
// parameter, a skipped tuple element, a property left out of a rest object).
const unused = [
  "error",
  {
    argsIgnorePattern: "^_",
    varsIgnorePattern: "^_",
    caughtErrorsIgnorePattern: "^_",
    destructuredArrayIgnorePattern: "^_",
    ignoreRestSiblings: true,
  },
];

export default defineConfig([
  // Installed, built and generated files (ESLint does not read .gitignore).
  globalIgnores([
    "node_modules/",
    "dist/",
    "src/.observablehq/",
    ".haumai/",
    ".haumai-build-*/",
    "bench/out/",
    "reports/",
    "data/",
    "logs/",
    "scratch/",
  ]),
  {
    files: ["**/*.ts"],
    extends: [tseslint.configs.recommended],
    languageOptions: { globals: globals.node },
    rules: { "@typescript-eslint/no-unused-vars": unused },
  },
  // Page components run in the browser; @haumai/vi in the browser and in Node (pages, CLI, report
  // files); the bin script and this file in Node.
  {
    files: ["src/components/**/*.js"],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.browser },
    rules: { "no-unused-vars": unused },
  },
  {
    files: ["packages/*/**/*.js"],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: { "no-unused-vars": unused },
  },
  {
    files: ["bin/**/*.js", "eslint.config.js"],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
    rules: { "no-unused-vars": unused },
  },
  prettier,
]);
