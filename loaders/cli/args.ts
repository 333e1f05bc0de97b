import { parseArgs, type ParseArgsConfig } from "node:util";

/** A mistake in how a command was called: printed with the command's help, exit code 2. */
export class UsageError extends Error {}

export const dbOption = { db: { type: "string" } } as const satisfies ParseArgsConfig["options"];

export function parse<T extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: T) {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
