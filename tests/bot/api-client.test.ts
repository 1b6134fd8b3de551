import { Api, HttpError } from "grammy";
import { afterEach, describe, expect, it, vi } from "vitest";
import { applyApiPolicy, DEFAULT_API_POLICY } from "../../src/bot/api-client.js";
import { silentLogger } from "../../src/log.js";

/**
 * The Bot API policy (timeouts, retries) as installed on a real grammY Api. The innermost transformer stands in
 * for the network — grammY's own seam — and plays back a script of outcomes; timers are fake.
 */
type Outcome = "reset" | "hang" | { retryAfter: number } | "ok";

function scriptedApi(script: Outcome[], policy = DEFAULT_API_POLICY) {
  const api = new Api("123456:TEST-token", { apiRoot: "http://127.0.0.1:9" });
  const attempts: string[] = [];
  api.config.use(async (_prev, method, _payload, signal) => {
    attempts.push(method);
    const next = script.shift() ?? "ok";
    if (next === "hang") {
      // A server that accepted the request and never answers: only the abort signal ends it, as in grammY.
      return new Promise<never>((_, reject) =>
        signal?.addEventListener("abort", () =>
          reject(new HttpError("Network request failed!", new Error("aborted"))),
        ),
      );
    }
    if (next === "reset")
      throw new HttpError("Network request failed!", new Error("socket hang up ECONNRESET"));
    if (next === "ok")
      return { ok: true, result: { message_id: 1, date: 0, chat: { id: 1, type: "private" } } } as never;
    return {
      ok: false,
      error_code: 429,
      description: `Too Many Requests: retry after ${next.retryAfter}`,
      parameters: { retry_after: next.retryAfter },
    } as never;
  });
  const warnings: string[] = [];
  applyApiPolicy(api, { ...silentLogger, warn: (m) => warnings.push(m) }, policy);
  return { api, attempts, warnings };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("Bot API policy", () => {
  it("retries a send after connection resets, with growing delays, and delivers it once", async () => {
    vi.useFakeTimers();
    const { api, attempts, warnings } = scriptedApi(["reset", "reset", "ok"]);
    const sent = api.sendMessage(1, "答案");
    await vi.advanceTimersByTimeAsync(3000);
    await expect(sent).resolves.toMatchObject({ message_id: 1 });
    expect(attempts).toEqual(["sendMessage", "sendMessage", "sendMessage"]);
    expect(warnings).toEqual([
      expect.stringMatching(/^sendMessage failed .*ECONNRESET.*; retry 1 in 1000 ms$/),
      expect.stringMatching(/retry 2 in 2000 ms$/),
    ]);
  });

  it("ends a send that hangs after the call timeout and tries again", async () => {
    vi.useFakeTimers();
    const { api, attempts } = scriptedApi(["hang", "ok"]);
    const sent = api.sendMessage(1, "答案");
    await vi.advanceTimersByTimeAsync(
      DEFAULT_API_POLICY.callTimeoutMs + DEFAULT_API_POLICY.retryDelayMs + 10,
    );
    await expect(sent).resolves.toMatchObject({ message_id: 1 });
    expect(attempts).toEqual(["sendMessage", "sendMessage"]);
  });

  it("gives up after its retry budget instead of retrying for ever", async () => {
    vi.useFakeTimers();
    const { api, attempts } = scriptedApi(["reset", "reset", "reset", "reset", "reset", "reset"]);
    const sent = api.sendMessage(1, "答案");
    const failed = expect(sent).rejects.toBeInstanceOf(HttpError);
    await vi.advanceTimersByTimeAsync(60_000);
    await failed;
    expect(attempts).toHaveLength(1 + DEFAULT_API_POLICY.networkRetries);
  });

  it("waits out a 429 that asks for longer than 30 s, rather than losing the answer", async () => {
    vi.useFakeTimers();
    const { api, attempts } = scriptedApi([{ retryAfter: 45 }, "ok"]);
    const sent = api.sendMessage(1, "答案");
    await vi.advanceTimersByTimeAsync(44_000);
    expect(attempts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_500);
    await expect(sent).resolves.toMatchObject({ message_id: 1 });
    expect(attempts).toHaveLength(2);
  });

  it("does not wait for a 429 beyond its budget: the error reaches the caller", async () => {
    vi.useFakeTimers();
    const { api, attempts } = scriptedApi([{ retryAfter: 3600 }]);
    await expect(api.sendMessage(1, "答案")).rejects.toThrow(/429/);
    expect(attempts).toHaveLength(1);
  });

  it("does not retry getUpdates (the runner has its own backoff) and leaves it untimed", async () => {
    vi.useFakeTimers();
    const { api, attempts } = scriptedApi(["reset"]);
    await expect(api.getUpdates({ timeout: 30 })).rejects.toBeInstanceOf(HttpError);
    expect(attempts).toEqual(["getUpdates"]);
  });
});
