import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
// The package's main entry is `module.exports = TelegramServer`, which NodeNext types as `{ default }`; the
// named export of the implementation file is typed as what it is.
import { TelegramServer } from "telegram-test-api/lib/telegramServer.js";
import { CONFIG_VARIABLES } from "../../src/config.js";

/**
 * End-to-end harness: telegram-test-api (a Bot API emulator) in this process, and the real bot as a child
 * process (`node dist/cli/main.js start`) talking to it over HTTP.
 *
 * Emulator facts the tests rely on (telegram-test-api 4.2.1):
 * - Bot methods are served at `<apiRoot>/bot<token>/<method>`; only getMe, getUpdates, sendMessage,
 *   editMessageText, editMessageReplyMarkup, deleteMessage, answerCallbackQuery, setWebhook and deleteWebhook
 *   exist. Any other method gets HTTP 500 with `{ message }` (no `ok`, no `error_code`), which grammY turns
 *   into a GrammyError "(undefined: undefined)" and auto-retry does not retry.
 * - getMe is hard-coded: `@TestNameBot`, id 666, whatever the token.
 * - `port: 0` is not honoured (`port || 9000`), so a free port is picked first.
 * - getUpdates answers at once (no long polling) and ignores `offset`: an update is handed out once. The
 *   grammY runner would then poll in a tight loop, so this harness holds an empty getUpdates until a user
 *   update arrives (at most {@link LONG_POLL_MS}), like Telegram does.
 * - Whatever the bot sends is kept in `storage.botMessages` as the raw request body (chat_id, text,
 *   parse_mode, reply_parameters, reply_markup…), in order, each with the emulator's next message id.
 * - User messages go through unchanged, `entities` included, so mentions work as on Telegram.
 * - When a webhook is set for a token, user messages sent with the client are POSTed to that URL instead of
 *   being queued; the webhook tests post updates themselves.
 */

/** A token of the shape @BotFather hands out (config checks it); the secret half must never be logged. */
export const TEST_TOKEN = "123456789:AAtest-token";
/** The emulator's getMe answer. */
export const EMULATOR_BOT = { id: 666, username: "TestNameBot" } as const;
/** The longest an empty getUpdates is held. Short, so that nothing waits long on it at shutdown. */
const LONG_POLL_MS = 1000;
/** What the emulator emits when a user update is queued. */
const USER_EVENTS = ["AddedUserMessage", "AddedUserCommand", "AddedUserCallbackQuery"];

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const MAIN = join(REPO_ROOT, "dist/cli/main.js");

/** What the bot asked of the emulator: one entry per Bot API request, recorded when it was answered. */
export interface ApiCall {
  method: string;
  status: number;
  payload: Record<string, unknown>;
}

/** A message the bot sent (sendMessage), as the emulator stored it. */
export interface SentMessage {
  /** The id the emulator gave it; user and bot messages share one counter, so later means larger. */
  messageId: number;
  chat_id: number | string;
  text: string;
  parse_mode?: string;
  reply_parameters?: { message_id: number; allow_sending_without_reply?: boolean };
  reply_markup?: { inline_keyboard?: Array<Array<{ text: string; callback_data?: string; url?: string }>> };
}

export interface UserOptions {
  userId: number;
  chatId: number;
  type?: "private" | "group" | "supergroup";
  chatTitle?: string;
  languageCode?: string;
}

export interface Emulator {
  /** `http://127.0.0.1:<port>`: the bot's TELEGRAM_API_ROOT. */
  apiRoot: string;
  port: number;
  /** The underlying telegram-test-api server, for anything the helpers below do not cover. */
  server: TelegramServer;
  /** Every Bot API request the bot made, in the order they were answered. */
  calls: ApiCall[];
  /** The methods of every Bot API request, in the order they arrived (before any delay; unanswered ones too). */
  requested: string[];
  /** Whether the bot has fetched the user message with this id (getUpdates). */
  fetched(messageId: number): boolean;
  /** Every message the bot sent, oldest first. */
  sent(chatId?: number): SentMessage[];
  /**
   * Sends a text message from a user (through the emulator's client HTTP API) and resolves with the message id
   * the emulator gave it. `entities` (mentions, commands) are passed to the bot as given. Polling only: once a
   * webhook is set, the emulator POSTs user messages to it instead of storing them.
   */
  send(user: UserOptions, text: string, extra?: { entities?: unknown[] }): Promise<number>;
  /** The first `count` messages the bot sent to `chatId` after message `afterId`, once they are there. */
  waitForSent(chatId: number, afterId: number, count?: number, timeoutMs?: number): Promise<SentMessage[]>;
  /** Holds requests for a Bot API method for `ms` before the emulator handles them (0 = no delay). */
  delay(method: string, ms: number): void;
  /** The webhook the bot registered with setWebhook (the request body), if any. */
  webhook(token?: string): Record<string, unknown> | undefined;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (listen on port 0, read it, close). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

interface ServerInternals {
  webServer: RequestListener & { settings: unknown };
  webhooks: Record<string, Record<string, unknown>>;
  storage: {
    userMessages: Array<{
      messageId: number;
      botToken: string;
      isRead: boolean;
      message: { text?: string; chat?: { id: number } };
    }>;
    botMessages: Array<{ messageId: number; botToken: string; message: Omit<SentMessage, "messageId"> }>;
  };
}

/** Starts the emulator on 127.0.0.1 with a free port. Stop it in afterAll. */
export async function startEmulator(): Promise<Emulator> {
  const port = await freePort();
  const server = new TelegramServer({ port, host: "127.0.0.1" });
  const internals = server as unknown as ServerInternals;
  const calls: ApiCall[] = [];
  const requested: string[] = [];
  const delays = new Map<string, number>();
  /** Held requests: `check` lets one go when its condition holds, `release` lets it go now. */
  const held = new Set<{ check: () => void; release: () => void }>();
  const wakeAll = () => {
    for (const h of [...held]) h.check();
  };
  for (const event of USER_EVENTS) server.on(event, wakeAll);

  const hasUnread = (token: string) =>
    internals.storage.userMessages.some((u) => u.botToken === token && !u.isRead);
  /** Resolves after `ms`, or earlier when `until` holds (checked on each user update) or the client hangs up. */
  const hold = (res: ServerResponse, ms: number, until: () => boolean = () => false) =>
    new Promise<void>((resolve) => {
      if (ms <= 0 || until()) return resolve();
      const entry = {
        release: () => {
          clearTimeout(timer);
          held.delete(entry);
          res.off("close", entry.release);
          resolve();
        },
        check: () => {
          if (until()) entry.release();
        },
      };
      const timer = setTimeout(entry.release, ms);
      held.add(entry);
      res.once("close", entry.release);
    });

  // Wrap the emulator's express app (before start() mounts it): record calls, long-poll, delay on request.
  const app = internals.webServer;
  const wrapped = (req: IncomingMessage, res: ServerResponse) => {
    const match = /^\/bot([^/]+)\/([^/?]+)/.exec(req.url ?? "");
    if (!match) return app(req, res);
    const [, token = "", method = ""] = match;
    requested.push(method);
    res.once("finish", () => {
      const payload = (req as IncomingMessage & { body?: Record<string, unknown> }).body ?? {};
      calls.push({ method, status: res.statusCode, payload });
    });
    const before =
      method === "getUpdates"
        ? hold(res, LONG_POLL_MS, () => hasUnread(token))
        : hold(res, delays.get(method) ?? 0);
    void before.then(() => {
      if (!res.destroyed) app(req, res);
    });
  };
  internals.webServer = Object.assign(wrapped, { settings: app.settings });
  await server.start();

  const apiRoot = `http://127.0.0.1:${port}`;
  const sent = (chatId?: number): SentMessage[] =>
    internals.storage.botMessages
      .filter((u) => chatId === undefined || String(u.message.chat_id) === String(chatId))
      .map((u) => ({ ...u.message, messageId: u.messageId }));

  return {
    apiRoot,
    port,
    server,
    calls,
    requested,
    sent,
    fetched(messageId) {
      return internals.storage.userMessages.some((u) => u.messageId === messageId && u.isRead);
    },
    async send(user, text, extra = {}) {
      const client = server.getClient(TEST_TOKEN, {
        userId: user.userId,
        chatId: user.chatId,
        type: user.type ?? "private",
        chatTitle: user.chatTitle,
        timeout: 2000,
      });
      const message = client.makeMessage(text, {
        ...(extra.entities ? { entities: extra.entities } : {}),
        ...(user.languageCode ? { from: { language_code: user.languageCode } } : {}),
      } as Parameters<typeof client.makeMessage>[1]);
      await client.sendMessage(message);
      // The emulator queues it synchronously before answering; find the id it got.
      const stored = internals.storage.userMessages
        .filter((u) => u.message.text === text && u.message.chat?.id === user.chatId)
        .at(-1);
      if (!stored) throw new Error(`the emulator did not store the message ${JSON.stringify(text)}`);
      return stored.messageId;
    },
    async waitForSent(chatId, afterId, count = 1, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = sent(chatId).filter((m) => m.messageId > afterId);
        if (found.length >= count) return found.slice(0, count);
        if (Date.now() > deadline) {
          throw new Error(
            `expected ${count} message(s) to chat ${chatId} after #${afterId} within ${timeoutMs} ms, got ${JSON.stringify(found)}`,
          );
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    delay(method, ms) {
      delays.set(method, ms);
    },
    webhook(token = TEST_TOKEN) {
      return internals.webhooks[token];
    },
    async stop() {
      for (const event of USER_EVENTS) server.off(event, wakeAll);
      delays.clear();
      // Let held requests go now, so the emulator's graceful shutdown does not wait for them.
      for (const h of [...held]) h.release();
      await server.stop();
    },
  };
}

/** Every variable the bot reads, empty (= unset), so neither the shell nor a `.env` changes what tests see. */

type Exit = { code: number | null; signal: NodeJS.Signals | null };

/** A spawned bot process, whatever state it is in. */
export interface SpawnedBot {
  child: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<Exit>;
  /** Everything the process wrote so far. */
  stdout(): string;
  stderr(): string;
  /** Complete stderr lines so far. */
  lines(): string[];
  /** Resolves with the first stderr line matching `pattern` (already written or still to come). */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGTERM, then waits for the exit (SIGKILL after `killAfterMs`). Resolves at once if it already exited. */
  stop(killAfterMs?: number): Promise<Exit & { ms: number }>;
}

/** A bot process that has logged its start-up line. */
export interface BotProcess extends SpawnedBot {
  /** The start-up log line (`info parkbot @<username> running: …`). */
  startLine: string;
  username: string;
}

const running = new Set<ChildProcess>();
// Last resort: a test run that dies without its afterAll must not leave bots polling.
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export interface BotOptions {
  /** TELEGRAM_API_ROOT, e.g. the emulator's. */
  apiRoot: string;
  /** More variables, or overrides of the defaults (a test token, KNOWLEDGE_DIR=knowledge, LOG_LEVEL=info). */
  env?: Record<string, string>;
}

/**
 * Spawns `node dist/cli/main.js start` from the repository root with a fresh DATA_DIR, every config variable
 * unset but the defaults above and `env`. Does not wait for anything; stop it (or await `exited`) in afterAll.
 */
export async function spawnBot(options: BotOptions): Promise<SpawnedBot> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` before the e2e tests`);
  const dataDir = await mkdtemp(join(tmpdir(), "parkbot-e2e-"));
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  delete env.DEBUG; // the debug package would print grammY's internals
  for (const name of CONFIG_VARIABLES) env[name] = "";
  Object.assign(env, {
    TELEGRAM_BOT_TOKEN: TEST_TOKEN,
    TELEGRAM_API_ROOT: options.apiRoot,
    KNOWLEDGE_DIR: "knowledge",
    DATA_DIR: dataDir,
    OPENAI_API_KEY: "",
    LOG_LEVEL: "info",
    ...options.env,
  });

  const child = spawn(process.execPath, [MAIN, "start"], {
    cwd: REPO_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let stdout = "";
  let stderr = "";
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
    notify();
  });
  const exited = new Promise<Exit>((resolve) => {
    child.once("exit", (code, signal) => {
      running.delete(child);
      notify();
      resolve({ code, signal });
    });
  });
  void exited.then(() => rm(dataDir, { recursive: true, force: true }).catch(() => {}));
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;

  const lines = () => stderr.split("\n").slice(0, -1);
  const waitForLine = (pattern: RegExp, timeoutMs = 5000) =>
    new Promise<string>((resolve, reject) => {
      const done = (result: () => void) => {
        clearTimeout(timer);
        listeners.delete(check);
        result();
      };
      const check = () => {
        const line = lines().find((l) => pattern.test(l));
        if (line !== undefined) return done(() => resolve(line));
        if (hasExited()) {
          done(() =>
            reject(
              new Error(`bot exited (${child.exitCode ?? child.signalCode}) before ${pattern}:\n${stderr}`),
            ),
          );
        }
      };
      const timer = setTimeout(
        () => done(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${stderr}`))),
        timeoutMs,
      );
      listeners.add(check);
      check();
    });

  const stop = async (killAfterMs = 8000) => {
    const started = performance.now();
    if (!hasExited()) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
      await exited;
      clearTimeout(timer);
    }
    const { code, signal } = await exited;
    return { code, signal, ms: performance.now() - started };
  };

  return { child, exited, stdout: () => stdout, stderr: () => stderr, lines, waitForLine, stop };
}

/**
 * {@link spawnBot}, then waits for the start-up line. On any failure (early exit, timeout) the process is killed
 * and the error carries what it wrote.
 */
export async function startBot(options: BotOptions & { startTimeoutMs?: number }): Promise<BotProcess> {
  const bot = await spawnBot(options);
  let startLine: string;
  try {
    startLine = await bot.waitForLine(/^info parkbot @\S+ running: /, options.startTimeoutMs ?? 15_000);
  } catch (error) {
    bot.child.kill("SIGKILL");
    await bot.exited;
    throw error;
  }
  return Object.assign(bot, { startLine, username: /@(\S+)/.exec(startLine)?.[1] ?? "" });
}

/** Polls `condition` every 20 ms until it holds; fails with `what` after `timeoutMs`. */
export async function waitUntil(what: string, condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
