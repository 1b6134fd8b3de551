import {
  APICallError,
  generateText,
  type LanguageModel,
  NoObjectGeneratedError,
  NoOutputGeneratedError,
  Output,
  RetryError,
} from "ai";
import { ZodError } from "zod";
import type { LlmOutputMode } from "../../config.js";
import { type ModelOutput, ModelOutputSchema, parseTextAnswer } from "./model-output.js";
import { type AnswerPrompts, answerRequest, type Candidate } from "./prompts.js";

/** A failed model call, with a short reason for the Answer's `fallback` field and the log. */
export class ModelFailure extends Error {
  override name = "ModelFailure";
}

export interface ModelCall {
  model: LanguageModel;
  prompts: AnswerPrompts;
  mode: LlmOutputMode;
  question: string;
  candidates: readonly Candidate[];
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Asks the model for an answer over the candidates, in the configured output protocol. Throws ModelFailure. */
export async function callModel(call: ModelCall): Promise<ModelOutput> {
  const prompt = answerRequest(call.question, call.candidates);
  const deadlineAt = Date.now() + call.timeoutMs;
  return withDeadline(call.timeoutMs, call.signal, (abortSignal) =>
    retryOnce(abortSignal, deadlineAt, async () => {
      const base = { model: call.model, prompt, abortSignal, maxRetries: 0, temperature: 0 } as const;
      switch (call.mode) {
        case "json-schema": {
          const result = await generateText({
            ...base,
            system: call.prompts.json,
            output: Output.object({ schema: ModelOutputSchema }),
          });
          return result.output;
        }
        case "json-object": {
          // The server only promises JSON; the shape is checked here.
          const result = await generateText({ ...base, system: call.prompts.json, output: Output.json() });
          return ModelOutputSchema.parse(result.output);
        }
        case "text": {
          const result = await generateText({ ...base, system: call.prompts.text });
          return parseTextAnswer(result.text);
        }
      }
    }),
  );
}

/**
 * Runs `work` with an abort signal that fires after `timeoutMs` (or when the caller's signal does), and turns
 * whatever goes wrong into a ModelFailure with a short reason.
 */
export async function withDeadline<T>(
  timeoutMs: number,
  outer: AbortSignal | undefined,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = outer ? AbortSignal.any([deadline, outer]) : deadline;
  // Some transports ignore the signal while connecting; the race makes the deadline hold regardless.
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new ModelFailure(deadline.aborted ? "timeout" : "cancelled"));
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([work(signal), aborted]);
  } catch (error) {
    if (deadline.aborted) throw new ModelFailure("timeout");
    throw new ModelFailure(describeFailure(error));
  } finally {
    if (onAbort) signal.removeEventListener("abort", onAbort);
  }
}

/**
 * One retry on 429 and 5xx, after Retry-After when the server sends one. A wait that would not end before the
 * deadline is not started: the caller gets the failure (and the offline answer) now instead of at the deadline.
 */
async function retryOnce<T>(signal: AbortSignal, deadlineAt: number, attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    const api = apiError(error);
    if (!api || !(api.statusCode === 429 || (api.statusCode ?? 0) >= 500)) throw error;
    const delay = retryDelayMs(api);
    if (Date.now() + delay + MIN_ATTEMPT_MS > deadlineAt) throw error;
    await sleep(delay, signal);
    return attempt();
  }
}

/** Time worth leaving for the retry itself; a retry with less than this left would only time out. */
const MIN_ATTEMPT_MS = 200;

const BACKOFF_MS = 500;

function retryDelayMs(error: APICallError): number {
  const header = error.responseHeaders?.["retry-after"];
  const seconds = header === undefined ? Number.NaN : Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = header ? Date.parse(header) - Date.now() : Number.NaN;
  return Number.isFinite(date) && date >= 0 ? date : BACKOFF_MS;
}

/** Waits, unless the deadline comes first — then there is no time left for a retry at all. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

function apiError(error: unknown): APICallError | undefined {
  if (APICallError.isInstance(error)) return error;
  if (RetryError.isInstance(error) && APICallError.isInstance(error.lastError)) return error.lastError;
  return undefined;
}

/** A short, secret-free reason: "http 500", "timeout", "invalid JSON", "schema mismatch", "network: …". */
export function describeFailure(error: unknown): string {
  if (error instanceof ModelFailure) return error.message;
  const api = apiError(error);
  // The SDK reports a 200 whose body it cannot parse as an API error too: that is a bad body, not an HTTP fault.
  if (api?.statusCode && api.statusCode >= 400) return `http ${api.statusCode}`;
  if (api?.statusCode)
    return /json|parse|unexpected|validation/i.test(shortMessage(api.cause ?? api))
      ? "invalid JSON"
      : "invalid response";
  if (api) return `network: ${shortMessage(api.cause ?? api)}`;
  if (NoObjectGeneratedError.isInstance(error) || NoOutputGeneratedError.isInstance(error)) {
    const cause = String((error as Error).cause ?? error.message);
    return /json|parse|unexpected token/i.test(cause) ? "invalid JSON" : "schema mismatch";
  }
  if (error instanceof ZodError) return "schema mismatch";
  if (error instanceof SyntaxError) return "invalid JSON";
  if (error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError"))
    return "timeout";
  return `error: ${shortMessage(error)}`;
}

function shortMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, " ").slice(0, 120);
}
