import { Api } from "grammy";
import { applyApiPolicy, CLIENT_TIMEOUT_SECONDS, DEFAULT_API_POLICY } from "../../bot/api-client.js";
import { describeReport, postDigestsNow } from "../../bot/digest-service.js";
import type { DigestItem } from "../../digest/digest.js";
import { latestArticles, unpostedArticles } from "../../digest/post.js";
import { statePath } from "../../digest/state.js";
import { renderDigestText } from "../../render/terminal.js";
import { type Command, debugLog, parseCommandArgs, UsageError, writeLine } from "../command.js";
import { openAnswerer } from "../open-answerer.js";

/**
 * `parkbot digest [--dry-run] [--json] [--offline]`: posts the digests of articles not yet posted to each of
 * DIGEST_CHAT_IDS through the Bot API, once, and exits (for a system scheduler; it shares the state file with the
 * running bot). `--dry-run` prints what would be posted instead — as `{ items: [...] }` with `--json`.
 */
export const digestCommand: Command = async (context) => {
  const { values, positionals } = parseCommandArgs(context.args, {
    "dry-run": { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    offline: { type: "boolean", default: false },
  });
  if (positionals.length > 0)
    throw new UsageError(`takes no arguments (got ${JSON.stringify(positionals.join(" "))})`);
  const { config } = context;
  const dryRun = values["dry-run"];
  if (!dryRun && !config.telegramBotToken) {
    throw new UsageError(
      "TELEGRAM_BOT_TOKEN must be set to post (use --dry-run to see what would be posted)",
    );
  }
  if (!dryRun && config.digestChatIds.length === 0) {
    throw new UsageError("DIGEST_CHAT_IDS must name at least one chat to post to (use --dry-run to preview)");
  }

  const { parkbot, holder, logger } = await openAnswerer(
    config,
    { online: !values.offline, stderr: context.stderr },
    debugLog(context),
  );

  if (dryRun) {
    const pending = await unpostedArticles(parkbot.articles, config.digestChatIds, statePath(config.dataDir));
    const items: DigestItem[] = [];
    for (const article of latestArticles(pending, pending.length))
      items.push(await parkbot.summarizer.summarize(article.id));
    if (values.json) writeLine(context.stdout, JSON.stringify({ items }, null, 2));
    else if (items.length === 0) writeLine(context.stdout, "Nothing new to post.");
    else writeLine(context.stdout, items.map(renderDigestText).join("\n\n"));
    return 0;
  }

  const api = new Api(config.telegramBotToken as string, {
    apiRoot: config.telegramApiRoot,
    timeoutSeconds: CLIENT_TIMEOUT_SECONDS,
  });
  applyApiPolicy(api, logger, { ...DEFAULT_API_POLICY, callTimeoutMs: config.telegramTimeoutMs });
  const report = await postDigestsNow({ config, knowledge: holder, api, log: logger });
  if (report === "busy") {
    writeLine(context.stderr, "digest: another digest run is in progress; try again later.");
    return 1;
  }
  if (report === "no chats") return 2;
  writeLine(context.stdout, `digest: ${describeReport(report)}`);
  return report.failed.length > 0 ? 1 : 0;
};
