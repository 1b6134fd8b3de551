import { Composer } from "grammy";
import { type Config, redact } from "../../config.js";
import type { Logger } from "../../log.js";
import { type BotContext, HTML } from "../context.js";
import { escapeHtml } from "../render.js";
import { texts } from "../texts.js";
import { isAdmin } from "./access.js";

export interface AdminActions {
  /** /reload: read the knowledge base again. */
  reload?: () => Promise<{ before: number; after: number }>;
  /** /digest_now: post channel digests now; resolves with a one-line report. */
  postDigests?: () => Promise<string>;
}

/**
 * Admin commands. Every one replies — with what it did, or with why it could not — because an admin who acted
 * and heard nothing cannot tell a failure from a slow success. Non-admins get a polite refusal.
 */
export function adminCommands(config: Config, actions: AdminActions, log: Logger): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const admin = composer.filter((ctx) => isAdmin(ctx, config));
  composer.command(["stats", "digest_now", "reload"], async (ctx) => {
    await ctx.reply(texts.adminOnly[ctx.lang]);
  });

  admin.command("stats", async (ctx) => {
    const { offline, online } = ctx.parkbot;
    const { articles, aboutZone, sentences } = offline.stats();
    const model = online?.stats;
    const lines = [
      `articles: ${articles} (${aboutZone} about the zone), sentences: ${sentences}`,
      model
        ? `model calls: ${model.modelCalls}, failed: ${model.modelFailures}, rejected by the guard: ${model.guardRejections}`
        : "offline (no LLM configured)",
    ];
    await ctx.reply(escapeHtml(lines.join("\n")), HTML);
  });

  admin.command("digest_now", async (ctx) => {
    if (!actions.postDigests) return void (await ctx.reply(texts.notSetUp[ctx.lang]));
    try {
      await ctx.reply(await actions.postDigests());
    } catch (error) {
      log.error(`/digest_now failed: ${errorText(error, config)}`);
      await ctx.reply(texts.actionFailed[ctx.lang](errorText(error, config)));
    }
  });

  admin.command("reload", async (ctx) => {
    if (!actions.reload) return void (await ctx.reply(texts.notSetUp[ctx.lang]));
    try {
      const { before, after } = await actions.reload();
      await ctx.reply(texts.reloaded[ctx.lang](before, after));
    } catch (error) {
      log.error(`/reload failed: ${errorText(error, config)}`);
      await ctx.reply(texts.reloadFailed[ctx.lang](errorText(error, config)));
    }
  });

  return composer;
}

/** One line for a chat: an error's message without its stack, secrets redacted, kept short. */
function errorText(error: unknown, config: Config): string {
  const message = error instanceof Error ? error.message : String(error);
  return redact(message.replace(/\s+/g, " "), config).slice(0, 300);
}
