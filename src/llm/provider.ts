import { createOpenAI } from "@ai-sdk/openai";
import type { EmbeddingModel, LanguageModel } from "ai";
import type { Config, LlmOutputMode } from "../config.js";
import type { Logger } from "../log.js";

/** What the core needs to answer online, built from config at the edge. */
export interface LlmSettings {
  model: LanguageModel;
  embeddingModel?: EmbeddingModel;
  embeddingModelName?: string;
  mode: LlmOutputMode;
  timeoutMs: number;
  breakerFailures: number;
  breakerCooldownMs: number;
}

/**
 * The OpenAI-compatible provider (OpenAI, DeepSeek, Qwen/DashScope, Moonshot, Ollama, vLLM), or undefined when
 * no API key is configured. `.chat()` selects Chat Completions: the provider's default, the Responses API, is not
 * served by the compatible endpoints.
 */
export function llmFromConfig(config: Config): LlmSettings | undefined {
  if (!config.openaiApiKey) return undefined;
  const provider = createOpenAI({ apiKey: config.openaiApiKey, baseURL: config.openaiBaseUrl });
  return {
    model: provider.chat(config.openaiModel),
    embeddingModel: config.openaiEmbeddingModel ? provider.embedding(config.openaiEmbeddingModel) : undefined,
    embeddingModelName: config.openaiEmbeddingModel,
    mode: config.llmOutputMode,
    timeoutMs: config.llmTimeoutMs,
    breakerFailures: config.llmBreakerFailures,
    breakerCooldownMs: config.llmBreakerCooldownMs,
  };
}

/**
 * The AI SDK prints provider warnings with console.info/console.warn — on stdout, where `ask --json` writes its
 * JSON. Route them to our logger (debug level) instead.
 */
export function routeSdkWarnings(log: Logger): void {
  (globalThis as { AI_SDK_LOG_WARNINGS?: unknown }).AI_SDK_LOG_WARNINGS = (options: {
    warnings: unknown[];
  }) => {
    for (const warning of options.warnings) log.debug(`AI SDK warning: ${JSON.stringify(warning)}`);
  };
}
