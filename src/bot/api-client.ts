import { autoRetry } from "@grammyjs/auto-retry";
import { type Api, HttpError, type Transformer } from "grammy";
import type { Logger } from "../log.js";

/** How the bot talks to the Bot API: how long one call may take, and how often a failed one is tried again. */
export interface ApiPolicy {
  /** One attempt of any call but getUpdates (which long-polls for 30 s and has the client's own timeout). */
  callTimeoutMs: number;
  /** Retries after a network error (connection reset, timeout), with doubling delays from `retryDelayMs`. */
  networkRetries: number;
  retryDelayMs: number;
  /** 429 "retry after N s": waited for up to this many seconds, up to `rateLimitRetries` times; longer fails. */
  maxRateLimitWaitSeconds: number;
  rateLimitRetries: number;
}

export const DEFAULT_API_POLICY: ApiPolicy = {
  callTimeoutMs: 10_000,
  networkRetries: 3,
  retryDelayMs: 1000,
  // An answer that arrives five minutes late still answers the question; a lost one does not.
  maxRateLimitWaitSeconds: 300,
  rateLimitRetries: 3,
};

/** The client-level timeout: above getUpdates' 30 s long poll, far below grammY's 500 s default. */
export const CLIENT_TIMEOUT_SECONDS = 45;

/**
 * Installs the bot's API policy as grammY transformers. The last one installed runs outermost, so the order
 * below is: a 429 is waited out (auto-retry) around network retries around one timed attempt.
 */
export function applyApiPolicy(api: Api, log: Logger, policy: ApiPolicy = DEFAULT_API_POLICY): void {
  api.config.use(reportPollingOutages(log));
  api.config.use(timeoutEachAttempt(policy.callTimeoutMs));
  api.config.use(retryNetworkErrors(policy, log));
  api.config.use(
    autoRetry({
      maxRetryAttempts: policy.rateLimitRetries,
      maxDelaySeconds: policy.maxRateLimitWaitSeconds,
      // Network errors are retried by retryNetworkErrors, with a limit; auto-retry's own loop has none.
      rethrowHttpErrors: true,
    }),
  );
}

/**
 * Aborts one attempt of a call (not getUpdates) after `ms`; the caller's own signal still aborts it too. A plain
 * timer rather than AbortSignal.timeout: Node holds that signal only weakly, so a call whose other references are
 * all inside the cycle "signal → listener → promise" may be collected and its timeout never fire.
 */
export function timeoutEachAttempt(ms: number): Transformer {
  return async (prev, method, payload, signal) => {
    if (method === "getUpdates") return prev(method, payload, signal);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`${method} timed out after ${ms} ms`)), ms);
    const stop = () => controller.abort((signal as unknown as AbortSignal | undefined)?.reason);
    signal?.addEventListener("abort", stop);
    try {
      // grammY types its signal with the abort-controller shim's AbortSignal; at run time both are Node's.
      return await prev(method, payload, controller.signal as unknown as Parameters<typeof prev>[2]);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", stop);
    }
  };
}

/**
 * Retries a call after a network error (HttpError) a bounded number of times, unless the caller aborted it.
 * getUpdates is left to the runner, which retries its polling itself. A send that failed after it reached
 * Telegram may then arrive twice; a lost answer is the worse failure.
 */
export function retryNetworkErrors(
  policy: Pick<ApiPolicy, "networkRetries" | "retryDelayMs">,
  log: Logger,
): Transformer {
  return async (prev, method, payload, signal) => {
    if (method === "getUpdates") return prev(method, payload, signal);
    for (let attempt = 0; ; attempt++) {
      try {
        return await prev(method, payload, signal);
      } catch (error) {
        if (!(error instanceof HttpError) || signal?.aborted || attempt >= policy.networkRetries) throw error;
        const delay = policy.retryDelayMs * 2 ** attempt;
        log.warn(`${method} failed (${networkReason(error)}); retry ${attempt + 1} in ${delay} ms`);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  };
}

/**
 * One warning when polling loses the Bot API and one line when it is back, instead of the runner printing every
 * failed getUpdates (with the token in its URL) to the console.
 */
export function reportPollingOutages(log: Logger): Transformer {
  let down = false;
  return async (prev, method, payload, signal) => {
    if (method !== "getUpdates") return prev(method, payload, signal);
    try {
      const result = await prev(method, payload, signal);
      if (down) log.info("Bot API reachable again; polling resumed");
      down = false;
      return result;
    } catch (error) {
      if (!signal?.aborted && !down) log.warn(`cannot fetch updates (${networkReason(error)}); retrying`);
      down = !signal?.aborted;
      throw error;
    }
  };
}

/** An HttpError's message with its cause (the logger redacts the token from the URL the cause may name). */
function networkReason(error: unknown): string {
  if (error instanceof HttpError) {
    const cause = error.error instanceof Error ? error.error.message : String(error.error);
    return `${error.message} ${cause}`;
  }
  return error instanceof Error ? error.message : String(error);
}
