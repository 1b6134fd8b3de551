#!/usr/bin/env node
import { config as loadDotenv } from "dotenv";
import { type Config, ConfigError, loadConfig, redact } from "../config.js";
import { type Command, errorLine, UsageError, writeLine } from "./command.js";
import { USAGE } from "./usage.js";

// Loaded on demand: the answerer's search stack takes a few hundred ms to import, which `help`, a config error
// or `ingest` should not pay.
const COMMANDS = new Map<string, () => Promise<Command>>([
  ["ask", async () => (await import("./commands/ask.js")).ask],
  ["chat", async () => (await import("./commands/chat.js")).chat],
  ["eval", async () => (await import("./commands/eval.js")).evalCommand],
  ["ingest", async () => (await import("./commands/ingest.js")).ingestCommand],
  ["start", async () => (await import("./commands/start.js")).start],
  ["digest", async () => (await import("./commands/digest.js")).digestCommand],
  ["add", async () => (await import("./commands/add.js")).addCommand],
  ["fetch", async () => (await import("./commands/fetch.js")).fetchCommand],
]);

/**
 * The `parkbot` bin: picks the subcommand, parses config once, runs the command and turns every failure into
 * one redacted line on stderr. Exit codes: 0 done, 1 error or failed check, 2 bad usage or configuration.
 */
async function main(argv: string[]): Promise<number> {
  const { stdin, stdout, stderr } = process;
  const [name, ...args] = argv;
  if (name === undefined || name === "help" || wantsHelp(argv)) {
    stdout.write(USAGE);
    return 0;
  }
  const loadCommand = COMMANDS.get(name);
  if (!loadCommand) {
    writeLine(stderr, `parkbot: unknown command ${JSON.stringify(name)}. Run \`parkbot help\` for the list.`);
    return 2;
  }

  // A real environment variable wins over .env, so CI and tests stay in control.
  loadDotenv({ quiet: true });
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    writeLine(stderr, `parkbot: ${error.message}`);
    return 2;
  }

  try {
    const command = await loadCommand();
    return await command({ config, args, stdin, stdout, stderr });
  } catch (error) {
    if (error instanceof UsageError) {
      writeLine(stderr, `parkbot ${name}: ${errorLine(error, config)}`);
      return 2;
    }
    writeLine(stderr, `parkbot: ${errorLine(error, config)}`);
    if (config.logLevel === "debug" && error instanceof Error && error.stack) {
      writeLine(stderr, redact(error.stack, config));
    }
    return 1;
  }
}

/** `--help` or `-h` anywhere before a `--` (after it, they are words of a question). */
function wantsHelp(argv: string[]): boolean {
  const end = argv.indexOf("--");
  return (end === -1 ? argv : argv.slice(0, end)).some((arg) => arg === "--help" || arg === "-h");
}

// `parkbot ask < questions.txt | head -1`: a closed pipe means the reader has what it wants, not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => exit(code),
  (error: unknown) => {
    // Only reached for a failure before config was parsed (module loading, .env), so no secret is known yet.
    writeLine(process.stderr, `parkbot: ${errorLine(error)}`);
    exit(1);
  },
);

/** Exits once stdout and stderr have flushed, so piped output is never cut short by a lingering handle. */
function exit(code: number): void {
  process.exitCode = code;
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}
