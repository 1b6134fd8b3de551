import { Cron } from "croner";
import { z } from "zod";

/**
 * Runtime configuration, read from the environment once at start-up and passed down; nothing else reads env.
 *
 * @example
 * const config = loadConfig(); // throws ConfigError with a one-line message on a bad value
 * openParkbot({ knowledgeDir: config.knowledgeDir });
 */
export interface Config {
  /** Telegram bot token from @BotFather; unset → the bot runs in the terminal. Secret. */
  telegramBotToken: string | undefined;
  /** Telegram Bot API root, for a local Bot API server or a proxy. */
  telegramApiRoot: string;
  /** OpenAI (or compatible) API key; unset → offline answers only. Secret. */
  openaiApiKey: string | undefined;
  /** Base URL of an OpenAI-compatible API; unset → the provider's default. */
  openaiBaseUrl: string | undefined;
  openaiModel: string;
  /** Embedding model for hybrid retrieval; unset → BM25 alone. */
  openaiEmbeddingModel: string | undefined;
  /** How the model is asked for structured output (some servers reject JSON schemas, e.g. DeepSeek). */
  llmOutputMode: LlmOutputMode;
  /** Upper bound for one model call, retry included. */
  llmTimeoutMs: number;
  /** Consecutive model failures that open the circuit breaker, and how long it then skips the model. */
  llmBreakerFailures: number;
  llmBreakerCooldownMs: number;
  /** Public HTTPS URL Telegram posts updates to; unset → long polling. */
  webhookUrl: string | undefined;
  /** Secret Telegram sends with every webhook call (X-Telegram-Bot-Api-Secret-Token). Secret. */
  webhookSecret: string | undefined;
  /** Port the webhook server listens on. */
  webhookPort: number;
  /** When set, only these chats / users get answers; others get a polite refusal. Empty = everyone. */
  allowedChatIds: number[];
  allowedUserIds: number[];
  /** Users allowed to run admin commands. */
  adminUserIds: number[];
  /** Questions one user may ask per minute. */
  rateLimitPerMinute: number;
  /** Longer questions are refused politely. */
  maxQuestionChars: number;
  /** Channels or groups that receive scheduled digests. */
  digestChatIds: number[];
  /** When the running bot posts digests (cron expression; croner); unset → only on /digest_now or `parkbot digest`. */
  digestCron: string | undefined;
  /** Time zone of DIGEST_CRON. */
  digestTz: string;
  /** How many of the newest articles /digest shows. */
  digestLatest: number;
  /** Folder of cleaned articles (`<id>.json`) with their raw sources under `raw/`. */
  knowledgeDir: string;
  /** The zone's identity file; unset → `lexicon/zone.json` (衡阳高新区). */
  zoneFile: string | undefined;
  /** Folder for runtime state (caches, logs). */
  dataDir: string;
  logLevel: LogLevel;
  /** Fetch from loopback and private addresses too (tests, intranet sources); off by default. */
  fetchAllowPrivate: boolean;
  /** When the running bot checks the watched sources (cron); unset → only `parkbot fetch` and /fetch_now. */
  fetchCron: string | undefined;
  /** The pause between two requests to one site when checking watched sources. */
  fetchDelayMs: number;
  /** Post a new article's digest as soon as a fetch adds it, instead of on the next digest run. */
  digestOnNew: boolean;
  /** `text`: `level message` lines for people; `json`: one JSON object per line (pino) for log collectors. */
  logFormat: "text" | "json";
  /** How long a stop waits for answers in flight before saving the rest for the next start. */
  shutdownGraceMs: number;
  /** One Bot API call (getUpdates aside) may take this long; start-up fails after it with one line. */
  telegramTimeoutMs: number;
}

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export const LLM_OUTPUT_MODES = ["json-schema", "json-object", "text"] as const;
export type LlmOutputMode = (typeof LLM_OUTPUT_MODES)[number];
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A bad environment value. The message is one line, names the variable, and never contains a secret. */
export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(
    message: string,
    /** The variables that were wrong, in the order they are listed in the message. */
    readonly variables: string[],
  ) {
    super(message);
  }
}

const httpUrl = z.url({ protocol: /^https?$/ });

/** "123, -100456" → [123, -100456]: Telegram chat and user ids, comma-separated. */
const idList = z
  .string()
  .regex(/^\s*-?\d+(\s*,\s*-?\d+)*\s*$/)
  .transform((text) => text.split(",").map((id) => Number(id.trim())))
  // A 20-digit id is not a Telegram id, and as a JS number it would be rounded into some other id silently.
  .refine((ids) => ids.every(Number.isSafeInteger))
  .optional()
  .transform((ids) => ids ?? []);

/** "true" / "false" (any case; 1/0 and yes/no too), unset = false. */
const flag = z
  .string()
  .transform((v) => v.toLowerCase())
  .pipe(z.enum(["true", "false", "1", "0", "yes", "no"]))
  .transform((v) => v === "true" || v === "1" || v === "yes")
  .optional()
  .transform((v) => v ?? false);

function isCron(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const EnvSchema = z.object({
  // Secrets are checked only for shapes that are certainly wrong (e.g. a paste with spaces or quotes).
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[\w-]+$/)
    .optional(),
  TELEGRAM_API_ROOT: httpUrl.default("https://api.telegram.org"),
  OPENAI_API_KEY: z
    .string()
    .regex(/^[^\s"'`]+$/)
    .optional(),
  OPENAI_BASE_URL: httpUrl.optional(),
  OPENAI_MODEL: z.string().default("gpt-4o-mini"),
  OPENAI_EMBEDDING_MODEL: z.string().optional(),
  LLM_OUTPUT_MODE: z.enum(LLM_OUTPUT_MODES).default("json-schema"),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  LLM_BREAKER_FAILURES: z.coerce.number().int().min(1).max(1000).default(3),
  LLM_BREAKER_COOLDOWN_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
  WEBHOOK_URL: z.url({ protocol: /^https$/ }).optional(),
  WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,256}$/)
    .optional(),
  WEBHOOK_PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  ALLOWED_CHAT_IDS: idList,
  ALLOWED_USER_IDS: idList,
  ADMIN_USER_IDS: idList,
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),
  MAX_QUESTION_CHARS: z.coerce.number().int().min(10).max(4096).default(1000),
  DIGEST_CHAT_IDS: idList,
  DIGEST_CRON: z
    .string()
    .refine((value) => isCron(value))
    .optional(),
  DIGEST_TZ: z
    .string()
    .refine((zone) => isTimeZone(zone))
    .default("Asia/Shanghai"),
  DIGEST_LATEST: z.coerce.number().int().min(1).max(20).default(3),
  KNOWLEDGE_DIR: z.string().default("knowledge"),
  ZONE_FILE: z.string().optional(),
  DATA_DIR: z.string().default("data"),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  LOG_FORMAT: z.enum(["text", "json"]).default("text"),
  FETCH_ALLOW_PRIVATE: flag,
  FETCH_CRON: z.string().refine(isCron).optional(),
  FETCH_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(1000),
  DIGEST_ON_NEW: flag,
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(8000),
  TELEGRAM_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(10_000),
});

type VariableName = keyof typeof EnvSchema.shape;
const NAMES = Object.keys(EnvSchema.shape) as VariableName[];

/** Every environment variable parkbot reads (tests blank them all so a developer's shell cannot leak in). */
export const CONFIG_VARIABLES: readonly string[] = NAMES;

/** What a good value is, for the error message. Secrets' values are never shown. */
const EXPECTED: Record<VariableName, { expected: string; secret?: true }> = {
  TELEGRAM_BOT_TOKEN: {
    expected: 'must look like "123456789:AA…" (the token @BotFather gives)',
    secret: true,
  },
  TELEGRAM_API_ROOT: { expected: "must be an http(s) URL" },
  OPENAI_API_KEY: { expected: "must be a single word with no spaces or quotes", secret: true },
  OPENAI_BASE_URL: { expected: "must be an http(s) URL" },
  OPENAI_MODEL: { expected: "must be a model name" },
  OPENAI_EMBEDDING_MODEL: { expected: "must be a model name" },
  LLM_OUTPUT_MODE: { expected: `must be one of ${LLM_OUTPUT_MODES.join(", ")}` },
  LLM_TIMEOUT_MS: { expected: "must be a whole number of milliseconds from 100 to 600000" },
  LLM_BREAKER_FAILURES: { expected: "must be a whole number from 1 to 1000" },
  LLM_BREAKER_COOLDOWN_MS: { expected: "must be a whole number of milliseconds from 0 to 86400000" },
  WEBHOOK_URL: { expected: "must be an https URL (Telegram only calls https webhooks)" },
  WEBHOOK_SECRET: { expected: "must be 1-256 characters of A-Z, a-z, 0-9, _ or -", secret: true },
  WEBHOOK_PORT: { expected: "must be a port number from 1 to 65535" },
  ALLOWED_CHAT_IDS: {
    expected: "must be comma-separated chat ids of at most 16 digits, e.g. 123456789,-1001234567890",
  },
  ALLOWED_USER_IDS: {
    expected: "must be comma-separated user ids of at most 16 digits, e.g. 123456789,987654321",
  },
  ADMIN_USER_IDS: { expected: "must be comma-separated user ids of at most 16 digits, e.g. 123456789" },
  RATE_LIMIT_PER_MINUTE: { expected: "must be a whole number from 1 to 10000" },
  MAX_QUESTION_CHARS: { expected: "must be a whole number from 10 to 4096" },
  DIGEST_CHAT_IDS: { expected: "must be comma-separated chat ids of at most 16 digits, e.g. -1001234567890" },
  DIGEST_CRON: { expected: 'must be a cron expression, e.g. "0 9 * * 1-5" (09:00 on weekdays)' },
  DIGEST_TZ: { expected: "must be an IANA time zone, e.g. Asia/Shanghai" },
  DIGEST_LATEST: { expected: "must be a whole number from 1 to 20" },
  KNOWLEDGE_DIR: { expected: "must be a folder path" },
  ZONE_FILE: { expected: "must be the path of a zone file like lexicon/zone.json" },
  DATA_DIR: { expected: "must be a folder path" },
  LOG_LEVEL: { expected: `must be one of ${LOG_LEVELS.join(", ")}` },
  LOG_FORMAT: { expected: "must be text or json" },
  FETCH_ALLOW_PRIVATE: { expected: "must be true or false" },
  FETCH_CRON: { expected: 'must be a cron expression, e.g. "*/30 * * * *" (every 30 minutes)' },
  DIGEST_ON_NEW: { expected: "must be true or false" },
  FETCH_DELAY_MS: { expected: "must be a whole number of milliseconds from 0 to 600000" },
  SHUTDOWN_GRACE_MS: { expected: "must be a whole number of milliseconds from 0 to 600000" },
  TELEGRAM_TIMEOUT_MS: { expected: "must be a whole number of milliseconds from 500 to 120000" },
};

/**
 * Parses the environment into a frozen {@link Config}. Values are trimmed; empty strings count as unset, so
 * `KEY=` in `.env` (or an empty variable in CI) falls back to the default.
 *
 * @example
 * loadConfig({ LOG_LEVEL: "debug" }).logLevel; // "debug"
 * loadConfig({ TELEGRAM_API_ROOT: "foo" });
 * // throws ConfigError: Invalid configuration: TELEGRAM_API_ROOT must be an http(s) URL (got "foo")
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Partial<Record<VariableName, string>> = {};
  for (const name of NAMES) {
    const value = env[name]?.trim();
    if (value) raw[name] = value;
  }

  const parsed = EnvSchema.safeParse(raw);
  if (!parsed.success) {
    const bad = [...new Set(parsed.error.issues.map((issue) => issue.path[0] as VariableName))];
    // A secret pasted into the wrong variable must not leak through the "got" part either.
    const secrets = [raw.TELEGRAM_BOT_TOKEN, raw.OPENAI_API_KEY, raw.WEBHOOK_SECRET];
    const problems = bad.map((name) => {
      const { expected, secret } = EXPECTED[name];
      if (secret) return `${name} ${expected}; its value is not shown`;
      return `${name} ${expected} (got ${shown(hide(raw[name] ?? "", secrets))})`;
    });
    throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`, bad);
  }

  const e = parsed.data;
  if (e.WEBHOOK_URL && !e.WEBHOOK_SECRET) {
    // Without it anyone who finds the URL can post fake updates.
    throw new ConfigError(
      "Invalid configuration: WEBHOOK_SECRET must be set when WEBHOOK_URL is (any 1-256 characters of A-Z, a-z, 0-9, _ or -)",
      ["WEBHOOK_SECRET"],
    );
  }
  return Object.freeze({
    telegramBotToken: e.TELEGRAM_BOT_TOKEN,
    telegramApiRoot: e.TELEGRAM_API_ROOT,
    openaiApiKey: e.OPENAI_API_KEY,
    openaiBaseUrl: e.OPENAI_BASE_URL,
    openaiModel: e.OPENAI_MODEL,
    openaiEmbeddingModel: e.OPENAI_EMBEDDING_MODEL,
    llmOutputMode: e.LLM_OUTPUT_MODE,
    llmTimeoutMs: e.LLM_TIMEOUT_MS,
    llmBreakerFailures: e.LLM_BREAKER_FAILURES,
    llmBreakerCooldownMs: e.LLM_BREAKER_COOLDOWN_MS,
    webhookUrl: e.WEBHOOK_URL,
    webhookSecret: e.WEBHOOK_SECRET,
    webhookPort: e.WEBHOOK_PORT,
    allowedChatIds: e.ALLOWED_CHAT_IDS,
    allowedUserIds: e.ALLOWED_USER_IDS,
    adminUserIds: e.ADMIN_USER_IDS,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    maxQuestionChars: e.MAX_QUESTION_CHARS,
    digestChatIds: e.DIGEST_CHAT_IDS,
    digestCron: e.DIGEST_CRON,
    digestTz: e.DIGEST_TZ,
    digestLatest: e.DIGEST_LATEST,
    knowledgeDir: e.KNOWLEDGE_DIR,
    zoneFile: e.ZONE_FILE,
    dataDir: e.DATA_DIR,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    fetchAllowPrivate: e.FETCH_ALLOW_PRIVATE,
    fetchCron: e.FETCH_CRON,
    fetchDelayMs: e.FETCH_DELAY_MS,
    digestOnNew: e.DIGEST_ON_NEW,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    telegramTimeoutMs: e.TELEGRAM_TIMEOUT_MS,
  });
}

/**
 * Replaces the bot token and the API key with `***` wherever they occur. Every log and error path runs its
 * text through this before printing.
 *
 * @example
 * redact(`401 for key ${config.openaiApiKey}`, config); // "401 for key ***"
 */
export function redact(
  text: string,
  config: Pick<Config, "telegramBotToken" | "openaiApiKey"> & Partial<Pick<Config, "webhookSecret">>,
): string {
  return hide(text, [config.telegramBotToken, config.openaiApiKey, config.webhookSecret]);
}

function hide(text: string, secrets: (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) for (const form of secretForms(secret)) out = out.replaceAll(form, "***");
  return out;
}

/**
 * Every way a secret shows up in library output: as is, percent-encoded inside a URL (`123%3AAA…`), and — for a
 * bot token — its secret half alone (the part after the colon is what grants access; the bot id is public).
 */
function secretForms(secret: string | undefined): string[] {
  if (!secret) return [];
  const forms = [secret, encodeURIComponent(secret)];
  const half = secret.slice(secret.indexOf(":") + 1);
  if (/^\d+:/.test(secret) && half.length >= 8) forms.push(half);
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

/** A value quoted for an error message: JSON-escaped so the message stays on one line, and kept short. */
function shown(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}
