import type { Answerer } from "../answer/answerer.js";
import type { OnlineAnswerer } from "../answer/online/online-answerer.js";
import { type Config, redact } from "../config.js";
import type { LlmSettings } from "../llm/provider.js";
import { createLogger, type Logger } from "../log.js";
import { openParkbot, type Parkbot, ParkbotHolder } from "../parkbot.js";

/**
 * Loads the knowledge base and builds the answerer, once per process: the online (LLM) answerer when
 * OPENAI_API_KEY is set and `online` is asked for, else the offline one. Warnings (model failures) go to stderr,
 * redacted.
 */
export async function openAnswerer(
  config: Config,
  options: { online: boolean; stderr?: { write(text: string): unknown } },
  log?: (line: string) => void,
): Promise<{
  answerer: Answerer;
  online?: OnlineAnswerer;
  parkbot: Parkbot;
  holder: ParkbotHolder;
  logger: Logger;
}> {
  const started = performance.now();
  const stream = options.stderr ?? process.stderr;
  const hideSecrets = (text: string) => redact(text, config);
  // pino is loaded only when asked for: text logs keep `ask` start-up lean.
  const logger =
    config.logFormat === "json"
      ? (await import("../log-json.js")).createJsonLogger(stream, config.logLevel, hideSecrets)
      : createLogger(stream, config.logLevel, hideSecrets);
  // The provider (AI SDK) is loaded only when there is a key to use it with: offline start-up stays fast.
  let llm: LlmSettings | undefined;
  if (options.online && config.openaiApiKey) {
    const { llmFromConfig, routeSdkWarnings } = await import("../llm/provider.js");
    routeSdkWarnings(logger);
    llm = llmFromConfig(config);
  }
  const parkbotOptions = {
    knowledgeDir: config.knowledgeDir,
    zoneFile: config.zoneFile,
    dataDir: config.dataDir,
    llm,
    log: logger,
  };
  const parkbot = await openParkbot(parkbotOptions);
  const { articles, answerer, online } = parkbot;
  // In JSON mode the progress line is a log entry like any other (LOG_LEVEL=debug still decides whether it shows).
  const progress = config.logFormat === "json" ? log && ((line: string) => logger.debug(line)) : log;
  progress?.(
    `loaded ${articles.length} articles from ${config.knowledgeDir} in ${Math.round(performance.now() - started)} ms` +
      (online ? ` (online: ${config.openaiModel})` : " (offline)"),
  );
  return { answerer, online, parkbot, holder: new ParkbotHolder(parkbot, parkbotOptions), logger };
}
