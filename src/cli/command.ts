import { type ParseArgsConfig, parseArgs } from "node:util";
import { type Config, redact } from "../config.js";

/** What every subcommand gets: the parsed config, its own arguments and the process streams. */
export interface CommandContext {
  config: Config;
  /** The arguments after the subcommand name. */
  args: string[];
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** A subcommand resolves to the process exit code. */
export type Command = (context: CommandContext) => Promise<number>;

/** A mistake in how the CLI was called: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * `node:util` parseArgs, with its errors turned into UsageError so a typo prints one line instead of a stack.
 *
 * @example
 * const { values, positionals } = parseCommandArgs(args, { json: { type: "boolean" } });
 */
export function parseCommandArgs<O extends NonNullable<ParseArgsConfig["options"]>>(
  args: string[],
  options: O,
) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    if (
      error instanceof TypeError &&
      String((error as { code?: unknown }).code).startsWith("ERR_PARSE_ARGS")
    ) {
      throw new UsageError(error.message);
    }
    throw error;
  }
}

/** For commands that take no arguments: any option or word is a UsageError (a question belongs to `ask`). */
export function expectNoArguments(args: string[]): void {
  const { positionals } = parseCommandArgs(args, {});
  if (positionals.length > 0) {
    throw new UsageError(
      `takes no arguments (got ${JSON.stringify(positionals.join(" "))}); to ask one question use parkbot ask`,
    );
  }
}

/** Writes one line; the single place the CLI decides what a line ending is. */
export function writeLine(stream: NodeJS.WritableStream, text = ""): void {
  stream.write(`${text}\n`);
}

/** A debug logger for stderr, silent unless LOG_LEVEL=debug. */
export function debugLog(context: CommandContext): ((line: string) => void) | undefined {
  if (context.config.logLevel !== "debug") return undefined;
  return (line) => writeLine(context.stderr, redact(`parkbot: ${line}`, context.config));
}

/**
 * An error as one printable line: newlines folded, secrets redacted.
 *
 * @example
 * writeLine(stderr, `parkbot: ${errorLine(error, config)}`);
 */
export function errorLine(error: unknown, config?: Config): string {
  const message = (error instanceof Error ? error.message : String(error))
    .replace(/\s*[\r\n]+\s*/g, " ")
    .trim();
  return config ? redact(message, config) : message;
}
