import { Composer } from "grammy";
import type { Config } from "../../config.js";
import type { AddInput, AddOutcome } from "../../intake/add.js";
import { describeOutcome } from "../../intake/describe.js";
import type { Logger } from "../../log.js";
import type { BotContext } from "../context.js";
import { texts } from "../texts.js";
import { isAdmin } from "./access.js";

/** What the intake composer needs from the process: adding pages, checking sources, listing them. */
export interface IntakeActions {
  /** Adds the pages, reloads the knowledge base when something was added, posts digests when so configured. */
  addPages(inputs: AddInput[]): Promise<AddOutcome[]>;
  /** /fetch_now: checks every watched source once; resolves with a report for the admin. */
  fetchNow(): Promise<string>;
  /** /sources: one line per watched source. */
  describeSources(): Promise<string[]>;
  /** Downloads a file a user sent (Telegram's file server), refusing anything over the size cap. */
  download(fileId: string, name: string): Promise<Uint8Array>;
}

const URL_ONLY = /^(?:https?:\/\/\S+\s*)+$/i;
const DOCUMENT_EXTENSIONS = /\.(?:html?|txt|md)$/i;

/**
 * News intake from Telegram: an admin sends a link (a message that is only links) or a .html/.txt/.md file in a
 * private chat, and the page is added like `parkbot add` does, with the result as the reply (title, date, sentence
 * count, or "repost of …", or why not). /sources lists the watched sources; /fetch_now (admin) checks them now.
 * Anyone else who sends a bare link or a file gets a polite refusal instead of an answer to "https://…".
 */
export function intake(
  config: Config,
  actions: IntakeActions | undefined,
  log: Logger,
): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const privateChats = composer.chatType("private");

  privateChats.on("message:text").filter(
    (ctx) => URL_ONLY.test(ctx.msg.text.trim()),
    async (ctx) => {
      if (!isAdmin(ctx, config) || !actions) return void (await ctx.reply(texts.addAdminOnly[ctx.lang]));
      const urls = ctx.msg.text.trim().split(/\s+/);
      await replyWithOutcomes(ctx, () => actions.addPages(urls.map((url) => ({ kind: "url", url }))));
    },
  );

  privateChats.on("message:document", async (ctx) => {
    const { file_id, file_name = "upload", file_size } = ctx.msg.document;
    if (!isAdmin(ctx, config) || !actions) return void (await ctx.reply(texts.addAdminOnly[ctx.lang]));
    if (!DOCUMENT_EXTENSIONS.test(file_name)) return void (await ctx.reply(texts.addFileKinds[ctx.lang]));
    if (file_size !== undefined && file_size > MAX_UPLOAD_BYTES) {
      return void (await ctx.reply(texts.addFileTooLarge[ctx.lang](MAX_UPLOAD_BYTES)));
    }
    // The caption may give the page's address, which a saved file often no longer states.
    const url = /https?:\/\/\S+/.exec(ctx.msg.caption ?? "")?.[0];
    await replyWithOutcomes(ctx, async () => {
      const bytes = await actions.download(file_id, file_name);
      return actions.addPages([{ kind: "bytes", bytes, name: file_name, ...(url ? { url } : {}) }]);
    });
  });

  composer.command("sources", async (ctx) => {
    const lines = actions ? await actions.describeSources() : [];
    await ctx.reply(lines.length > 0 ? lines.join("\n") : texts.noSources[ctx.lang]);
  });

  composer.command("fetch_now", async (ctx) => {
    if (!isAdmin(ctx, config)) return void (await ctx.reply(texts.adminOnly[ctx.lang]));
    if (!actions) return void (await ctx.reply(texts.notSetUp[ctx.lang]));
    try {
      await ctx.reply(await actions.fetchNow());
    } catch (error) {
      log.error(`/fetch_now failed: ${errorText(error)}`);
      await ctx.reply(texts.actionFailed[ctx.lang](errorText(error)));
    }
  });

  async function replyWithOutcomes(ctx: BotContext, add: () => Promise<AddOutcome[]>) {
    ctx.replyWithChatAction("typing").catch(() => {});
    try {
      const outcomes = await add();
      await ctx.reply(outcomes.map(describeOutcome).join("\n"), {
        link_preview_options: { is_disabled: true },
      });
    } catch (error) {
      log.error(`adding from chat ${ctx.chat?.id} failed: ${errorText(error)}`);
      await ctx.reply(texts.actionFailed[ctx.lang](errorText(error)));
    }
  }
  return composer;
}

/** Uploads larger than this are refused before download (Telegram bots may download up to 20 MB). */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").slice(0, 300);
}
