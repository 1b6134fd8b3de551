import { createServer, type Server } from "node:http";
import { type Bot, webhookCallback } from "grammy";
import type { Config } from "../config.js";
import type { Logger } from "../log.js";
import type { BotContext } from "./context.js";

/**
 * Serves Telegram's webhook calls on WEBHOOK_PORT (only POSTs to the URL's path; anything else is 404) and
 * registers the webhook. Resolves with the port and a function that closes the server.
 */
export async function serveWebhook(
  bot: Bot<BotContext>,
  config: Config,
  allowedUpdates: readonly string[],
  log: Logger,
): Promise<{ port: number; close(): Promise<void> }> {
  const url = new URL(config.webhookUrl as string);
  const handle = webhookCallback(bot, "http", {
    secretToken: config.webhookSecret,
    onTimeout: "return",
    timeoutMilliseconds: 5000,
  });
  const server: Server = createServer((req, res) => {
    if (req.method !== "POST" || (req.url ?? "").split("?")[0] !== url.pathname) {
      res.statusCode = 404;
      res.end();
      return;
    }
    handle(req, res).catch((error: unknown) => {
      log.warn(`webhook request failed: ${error instanceof Error ? error.message : error}`);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.webhookPort, resolve);
  });
  const port = (server.address() as { port: number }).port;
  await bot.api.setWebhook(url.href, {
    secret_token: config.webhookSecret,
    allowed_updates: [...allowedUpdates] as never,
  });
  return {
    port,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}
