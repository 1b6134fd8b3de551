import { type Api, GrammyError } from "grammy";
import type { Config } from "../config.js";
import { withDigestLock } from "../digest/lock.js";
import { type PostReport, postDigests } from "../digest/post.js";
import { statePath } from "../digest/state.js";
import type { Logger } from "../log.js";
import type { Parkbot } from "../parkbot.js";
import { renderDigest } from "./render.js";

export interface DigestServiceOptions {
  config: Config;
  knowledge: { current: Parkbot };
  api: Api;
  log: Logger;
}

/**
 * Posts channel digests through the Bot API: each configured chat gets the articles it has not had yet. Used by
 * the running bot (schedule, /digest_now) and by `parkbot digest`; a lock file keeps two runs from overlapping.
 * A DATA_DIR that cannot be written rejects with one line naming the file and the reason, and leaves no lock.
 */
export async function postDigestsNow(
  options: DigestServiceOptions,
): Promise<PostReport | "busy" | "no chats"> {
  const { config, knowledge, api, log } = options;
  if (config.digestChatIds.length === 0) return "no chats";
  return withDigestLock(
    config.dataDir,
    async (lock) => {
      const parkbot = knowledge.current;
      const report = await postDigests({
        chatIds: config.digestChatIds,
        articles: parkbot.articles,
        summarizer: parkbot.summarizer,
        render: (item) => renderDigest(item, "zh"),
        send: async (chatId, html) => {
          await api.sendMessage(chatId, html, {
            parse_mode: "HTML",
            link_preview_options: { is_disabled: true },
          });
        },
        // Telegram answered with an error: nothing was posted. A network failure may have posted it.
        deliveredNothing: (error) => error instanceof GrammyError,
        stateFile: statePath(config.dataDir),
        log,
        signal: lock.signal,
      });
      log.info(`digest run: ${describeReport(report)}`);
      return report;
    },
    { log },
  );
}

export function describeReport(report: PostReport): string {
  const chats = new Set(report.failed.map((f) => f.chatId));
  const failed = chats.size > 0 ? `; failed for chat(s) ${[...chats].join(", ")} (will retry)` : "";
  return report.posted.length === 0 && chats.size === 0
    ? "nothing new to post"
    : `posted ${report.posted.length} article digest(s)${failed}`;
}
