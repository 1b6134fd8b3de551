import { format } from "node:util";
import type { LogLevel } from "./config.js";

/**
 * The logging seam. Core code takes a `Logger` as an argument and never prints; the adapter decides where lines
 * go. Every line passes through `redact` first, so a secret inside an error message never reaches the log.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** One line per call, `level message`, to the given stream (stderr in the CLI and bot). */
export function createLogger(
  stream: { write(text: string): unknown },
  level: LogLevel,
  redact: (text: string) => string = (t) => t,
): Logger {
  const emit = (at: LogLevel) => (message: string) => {
    if (ORDER[at] < ORDER[level]) return;
    stream.write(`${at} ${redact(message).replace(/\s*\n\s*/g, " ")}\n`);
  };
  return { debug: emit("debug"), info: emit("info"), warn: emit("warn"), error: emit("error") };
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * Sends what libraries print on their own (console.error and friends — grammY's and the runner's fallbacks) through
 * the logger, so those lines are redacted and formatted like every other. For the long-running bot process.
 */
export function routeConsole(log: Logger): void {
  const line = (args: unknown[]) => format(...args);
  console.error = (...args: unknown[]) => log.error(line(args));
  console.warn = (...args: unknown[]) => log.warn(line(args));
  console.info = (...args: unknown[]) => log.info(line(args));
  console.log = (...args: unknown[]) => log.info(line(args));
  console.debug = (...args: unknown[]) => log.debug(line(args));
}
