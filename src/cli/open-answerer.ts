import type { Answerer } from "../answer/answerer.js";
import type { Config } from "../config.js";
import { openParkbot } from "../parkbot.js";

/**
 * Loads the knowledge base and builds the answerer, once per process.
 *
 * `online` asks for the LLM answerer when an API key is configured. Only the offline answerer exists in this
 * build, so today every request gets it; the flag is passed on so callers need not change when the online one lands.
 */
export async function openAnswerer(
  config: Config,
  _options: { online: boolean },
  log?: (line: string) => void,
): Promise<Answerer> {
  const started = performance.now();
  const { articles, answerer } = await openParkbot({ knowledgeDir: config.knowledgeDir });
  log?.(
    `loaded ${articles.length} articles from ${config.knowledgeDir} in ${Math.round(performance.now() - started)} ms`,
  );
  return answerer;
}
