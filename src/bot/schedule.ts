import { Cron } from "croner";
import type { Config } from "../config.js";
import type { Logger } from "../log.js";

/**
 * Work on a clock and on signals, while the bot runs: SIGHUP (after `npm run ingest`) reloads the knowledge base;
 * DIGEST_CRON reloads, then posts channel digests, so a new article is answered from and posted without a restart;
 * FETCH_CRON checks the watched news sources.
 * Returns the function that stops both.
 */
export function startSchedules(
  config: Config,
  actions: {
    reload: () => Promise<unknown>;
    postDigests: () => Promise<unknown>;
    /** FETCH_CRON: check the watched sources (it reloads and posts by itself when something is new). */
    fetchSources: () => Promise<unknown>;
  },
  log: Logger,
): { stop(): void; describe: string } {
  const onHangup = () => {
    actions.reload().catch((error: unknown) => log.error(`reload failed: ${message(error)}`));
  };
  process.on("SIGHUP", onHangup);
  const digests = config.digestCron
    ? new Cron(config.digestCron, { timezone: config.digestTz, protect: true }, async () => {
        try {
          await actions.reload();
          await actions.postDigests();
        } catch (error) {
          log.error(`scheduled digest failed: ${message(error)}`);
        }
      })
    : undefined;
  const fetches = config.fetchCron
    ? new Cron(config.fetchCron, { timezone: config.digestTz, protect: true }, async () => {
        try {
          await actions.fetchSources();
        } catch (error) {
          log.error(`scheduled fetch failed: ${message(error)}`);
        }
      })
    : undefined;
  return {
    describe:
      (digests
        ? `; digests to ${config.digestChatIds.length} chat(s) on "${config.digestCron}" (${config.digestTz})`
        : "") + (fetches ? `; sources checked on "${config.fetchCron}"` : ""),
    stop() {
      digests?.stop();
      fetches?.stop();
      process.off("SIGHUP", onHangup);
    },
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
