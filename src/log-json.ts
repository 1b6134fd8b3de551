import { pino } from "pino";
import type { LogLevel } from "./config.js";
import type { Logger } from "./log.js";

/**
 * LOG_FORMAT=json: one JSON object per line (pino) for log collectors — `level`, `time`, `msg`, and the process's
 * `pid`. Messages pass through `redact` like text lines do; pino's redaction paths also cover secrets in fields a
 * library may attach (a token or key, a request's URL or headers).
 */
export function createJsonLogger(
  stream: { write(text: string): unknown },
  level: LogLevel,
  redact: (text: string) => string,
): Logger {
  const logger = pino(
    {
      level,
      base: { pid: process.pid },
      redact: {
        paths: ["token", "apiKey", "*.token", "*.apiKey", "url", "*.url", "headers", "*.headers"],
        censor: (value) => (typeof value === "string" ? redact(value) : "***"),
      },
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  );
  const emit = (at: LogLevel) => (message: string) => logger[at](redact(message));
  return { debug: emit("debug"), info: emit("info"), warn: emit("warn"), error: emit("error") };
}
