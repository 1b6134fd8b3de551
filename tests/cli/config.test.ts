import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES, ConfigError, loadConfig, redact } from "../../src/config.js";

const TOKEN = "123456789:AAHsecretTokenValue_for-tests";
const KEY = "sk-test-SECRET";

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("applies the defaults to an empty environment", () => {
    expect(loadConfig({})).toEqual({
      telegramBotToken: undefined,
      telegramApiRoot: "https://api.telegram.org",
      openaiApiKey: undefined,
      openaiBaseUrl: undefined,
      openaiModel: "gpt-4o-mini",
      openaiEmbeddingModel: undefined,
      llmOutputMode: "json-schema",
      llmTimeoutMs: 15000,
      llmBreakerFailures: 3,
      llmBreakerCooldownMs: 60000,
      webhookUrl: undefined,
      webhookSecret: undefined,
      webhookPort: 8080,
      allowedChatIds: [],
      allowedUserIds: [],
      adminUserIds: [],
      rateLimitPerMinute: 10,
      maxQuestionChars: 1000,
      digestChatIds: [],
      digestCron: undefined,
      digestTz: "Asia/Shanghai",
      digestLatest: 3,
      knowledgeDir: "knowledge",
      dataDir: "data",
      logLevel: "info",
      logFormat: "text",
      fetchAllowPrivate: false,
      fetchCron: undefined,
      fetchDelayMs: 1000,
      digestOnNew: false,
      shutdownGraceMs: 8000,
      telegramTimeoutMs: 10000,
    });
  });

  it("treats empty and blank strings as unset", () => {
    const names = CONFIG_VARIABLES;
    const empty = Object.fromEntries(names.map((name, i) => [name, i % 2 ? "" : "  "]));
    expect(loadConfig(empty)).toEqual(loadConfig({}));
  });

  it("reads every variable into camelCase fields, trimmed", () => {
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: ` ${TOKEN}\n`,
      TELEGRAM_API_ROOT: "http://localhost:8081",
      OPENAI_API_KEY: KEY,
      OPENAI_BASE_URL: "https://llm.example.com/v1",
      OPENAI_MODEL: "gpt-4.1",
      OPENAI_EMBEDDING_MODEL: "text-embedding-v3",
      LLM_OUTPUT_MODE: "json-object",
      LLM_TIMEOUT_MS: "8000",
      LLM_BREAKER_FAILURES: "5",
      LLM_BREAKER_COOLDOWN_MS: "30000",
      WEBHOOK_URL: "https://bot.example.com/telegram",
      WEBHOOK_SECRET: "s3cret_token",
      WEBHOOK_PORT: "8443",
      ALLOWED_CHAT_IDS: "-1001234567890, 42",
      ALLOWED_USER_IDS: "7",
      ADMIN_USER_IDS: "7,8",
      RATE_LIMIT_PER_MINUTE: "5",
      MAX_QUESTION_CHARS: "300",
      DIGEST_CHAT_IDS: "-1001,-1002",
      DIGEST_CRON: "0 9 * * 1-5",
      DIGEST_TZ: "Europe/Berlin",
      DIGEST_LATEST: "5",
      KNOWLEDGE_DIR: "/srv/knowledge",
      ZONE_FILE: "/srv/zone.json",
      DATA_DIR: "/srv/data",
      LOG_LEVEL: "debug",
      LOG_FORMAT: "json",
      FETCH_ALLOW_PRIVATE: "TRUE",
      FETCH_CRON: "*/30 * * * *",
      FETCH_DELAY_MS: "250",
      DIGEST_ON_NEW: "yes",
      SHUTDOWN_GRACE_MS: "2500",
      TELEGRAM_TIMEOUT_MS: "4000",
    });
    expect(config).toEqual({
      telegramBotToken: TOKEN,
      telegramApiRoot: "http://localhost:8081",
      openaiApiKey: KEY,
      openaiBaseUrl: "https://llm.example.com/v1",
      openaiModel: "gpt-4.1",
      openaiEmbeddingModel: "text-embedding-v3",
      llmOutputMode: "json-object",
      llmTimeoutMs: 8000,
      llmBreakerFailures: 5,
      llmBreakerCooldownMs: 30000,
      webhookUrl: "https://bot.example.com/telegram",
      webhookSecret: "s3cret_token",
      webhookPort: 8443,
      allowedChatIds: [-1001234567890, 42],
      allowedUserIds: [7],
      adminUserIds: [7, 8],
      rateLimitPerMinute: 5,
      maxQuestionChars: 300,
      digestChatIds: [-1001, -1002],
      digestCron: "0 9 * * 1-5",
      digestTz: "Europe/Berlin",
      digestLatest: 5,
      knowledgeDir: "/srv/knowledge",
      zoneFile: "/srv/zone.json",
      dataDir: "/srv/data",
      logLevel: "debug",
      logFormat: "json",
      fetchAllowPrivate: true,
      fetchCron: "*/30 * * * *",
      fetchDelayMs: 250,
      digestOnNew: true,
      shutdownGraceMs: 2500,
      telegramTimeoutMs: 4000,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    ["TELEGRAM_API_ROOT", "foo", 'TELEGRAM_API_ROOT must be an http(s) URL (got "foo")'],
    ["TELEGRAM_API_ROOT", "ftp://api.telegram.org", "TELEGRAM_API_ROOT must be an http(s) URL"],
    ["OPENAI_BASE_URL", "localhost:8080", 'OPENAI_BASE_URL must be an http(s) URL (got "localhost:8080")'],
    ["LOG_LEVEL", "verbose", 'LOG_LEVEL must be one of debug, info, warn, error (got "verbose")'],
    ["LLM_OUTPUT_MODE", "xml", 'LLM_OUTPUT_MODE must be one of json-schema, json-object, text (got "xml")'],
    [
      "LLM_TIMEOUT_MS",
      "soon",
      'LLM_TIMEOUT_MS must be a whole number of milliseconds from 100 to 600000 (got "soon")',
    ],
    ["LLM_BREAKER_FAILURES", "0", "LLM_BREAKER_FAILURES must be a whole number from 1 to 1000"],
    ["ALLOWED_CHAT_IDS", "abc", "ALLOWED_CHAT_IDS must be comma-separated chat ids"],
    ["WEBHOOK_URL", "http://bot.example.com/hook", "WEBHOOK_URL must be an https URL"],
    ["DIGEST_CRON", "every morning", 'DIGEST_CRON must be a cron expression, e.g. "0 9 * * 1-5"'],
    ["DIGEST_TZ", "Mars/Olympus", "DIGEST_TZ must be an IANA time zone"],
  ])("rejects %s=%j with one line naming the variable", (name, value, expected) => {
    const error = configError({ [name]: value });
    expect(error.message).toContain(`Invalid configuration: ${expected}`);
    expect(error.message).not.toMatch(/\n/);
    expect(error.variables).toEqual([name]);
  });

  it("keeps the message on one line even for a value with newlines, and cuts long values", () => {
    const error = configError({ TELEGRAM_API_ROOT: `line one\nline two${"x".repeat(500)}` });
    expect(error.message).not.toMatch(/\n/);
    expect(error.message).toContain(String.raw`"line one\nline two`);
    expect(error.message.length).toBeLessThan(200);
  });

  it("names every bad variable in the one line", () => {
    const error = configError({ LOG_LEVEL: "loud", OPENAI_BASE_URL: "nope" });
    expect(error.message).not.toMatch(/\n/);
    expect(error.message).toMatch(/OPENAI_BASE_URL must be .*; LOG_LEVEL must be/);
    expect(error.variables).toEqual(["OPENAI_BASE_URL", "LOG_LEVEL"]);
  });

  it.each([
    ["TELEGRAM_BOT_TOKEN", "not a token SECRET123"],
    ["TELEGRAM_BOT_TOKEN", "SECRET123"],
    ["OPENAI_API_KEY", "sk-SECRET123 pasted twice sk-SECRET123"],
    ["OPENAI_API_KEY", '"sk-SECRET123"'],
  ])("says what is wrong with a bad %s without echoing it", (name, value) => {
    const error = configError({ [name]: value });
    expect(error.message).toContain(name);
    expect(error.message).toContain("value is not shown");
    expect(error.message).not.toContain("SECRET123");
  });

  it("reads a flag as true or false only", () => {
    expect(() => loadConfig({ DIGEST_ON_NEW: "sometimes" })).toThrow(
      /^Invalid configuration: DIGEST_ON_NEW must be true or false/,
    );
    expect(loadConfig({ DIGEST_ON_NEW: "false" }).digestOnNew).toBe(false);
  });

  it("refuses an id too long to be a Telegram id instead of rounding it into another one", () => {
    expect(() => loadConfig({ ADMIN_USER_IDS: "12345678901234567890" })).toThrow(
      /^Invalid configuration: ADMIN_USER_IDS must be comma-separated user ids of at most 16 digits/,
    );
    expect(loadConfig({ ADMIN_USER_IDS: "-1001234567890" }).adminUserIds).toEqual([-1001234567890]);
  });

  it("does not echo a secret pasted into another variable", () => {
    const error = configError({ OPENAI_API_KEY: KEY, OPENAI_BASE_URL: KEY });
    expect(error.message).toContain("OPENAI_BASE_URL must be an http(s) URL");
    expect(error.message).not.toContain(KEY);
    expect(error.message).toContain('"***"');
  });
});

describe("redact", () => {
  const config = loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN, OPENAI_API_KEY: KEY });

  it("replaces every occurrence of the token and the API key", () => {
    const text = `POST https://api.telegram.org/bot${TOKEN}/getMe failed; key ${KEY}; again ${KEY}`;
    expect(redact(text, config)).toBe(
      "POST https://api.telegram.org/bot***/getMe failed; key ***; again ***",
    );
  });

  it("also hides the token percent-encoded in a URL, and its secret half alone", () => {
    const [id, half] = TOKEN.split(":") as [string, string];
    const text = `GET /bot${encodeURIComponent(TOKEN)}/getUpdates; secret=${half}`;
    const out = redact(text, config);
    expect(out).not.toContain(half);
    expect(out).toBe("GET /bot***/getUpdates; secret=***");
    expect(redact(`bot id ${id}`, config)).toBe(`bot id ${id}`); // the public bot id stays readable
  });

  it("leaves text alone when no secret is configured", () => {
    expect(redact(`bot${TOKEN} ${KEY}`, loadConfig({}))).toBe(`bot${TOKEN} ${KEY}`);
  });
});

describe("webhook settings", () => {
  it("requires WEBHOOK_SECRET with WEBHOOK_URL, in one line, and never shows the secret", () => {
    expect(() => loadConfig({ WEBHOOK_URL: "https://bot.example.com/hook" })).toThrow(
      /^Invalid configuration: WEBHOOK_SECRET must be set when WEBHOOK_URL is/,
    );
    const message = configError({ WEBHOOK_SECRET: "has spaces in it" }).message;
    expect(message).toContain("WEBHOOK_SECRET");
    expect(message).not.toContain("has spaces");
  });
});
