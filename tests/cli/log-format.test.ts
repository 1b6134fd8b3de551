import { describe, expect, it } from "vitest";
import { createJsonLogger } from "../../src/log-json.js";
import { runCli } from "./run-cli.js";

describe("LOG_FORMAT=json", () => {
  it("writes one JSON object per line with level, time and message, secrets redacted", () => {
    const lines: string[] = [];
    const log = createJsonLogger({ write: (t: string) => lines.push(t) }, "info", (t) =>
      t.replaceAll("123456:SECRET-token", "***"),
    );
    log.debug("not shown at info");
    log.warn("getUpdates failed: request to http://h/bot123456:SECRET-token/getUpdates failed");
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] as string);
    expect(entry).toMatchObject({
      level: "warn",
      msg: "getUpdates failed: request to http://h/bot***/getUpdates failed",
      pid: process.pid,
    });
    expect(typeof entry.time).toBe("number");
    expect(lines[0]).not.toContain("SECRET");
  });
});

describe("LOG_FORMAT=json in a real run", () => {
  it("every stderr line of `ask` is a JSON log entry, and the token is in none", async () => {
    const token = "123456789:AAjson-log-secret";
    const { code, stderr } = await runCli(["ask", "--offline", "衡阳高新区规划面积有多大?"], {
      env: { LOG_FORMAT: "json", LOG_LEVEL: "debug", TELEGRAM_BOT_TOKEN: token },
    });
    expect(code).toBe(0);
    const lines = stderr.split("\n").filter((l) => l.trim());
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(JSON.parse(line)).toHaveProperty("msg");
    expect(stderr).not.toContain("json-log-secret");
  });
});
