import { type LanguageModel, streamText } from "ai";
import type { LlmOutputMode } from "../../config.js";
import type { Logger } from "../../log.js";
import type { EmbeddingRanker } from "../../search/embeddings.js";
import { reciprocalRankFusion } from "../../search/fusion.js";
import type { IndexedSentence } from "../../search/sentence-index.js";
import type { Answerer, AnswerOptions, Conversation } from "../answerer.js";
import type { OfflineAnswerer, OfflineDecision } from "../offline/offline-answerer.js";
import type { Answer } from "../schema.js";
import type { CircuitBreaker } from "./breaker.js";
import { callModel, describeFailure, ModelFailure } from "./call-model.js";
import { parseTextAnswer, renumberMarkers } from "./model-output.js";
import { type AnswerPrompts, answerRequest, type Candidate, toCandidates } from "./prompts.js";
import { VerifiedDrafts } from "./verified-drafts.js";
import { verifyModelAnswer } from "./verify.js";

export interface OnlineOptions {
  offline: OfflineAnswerer;
  model: LanguageModel;
  prompts: AnswerPrompts;
  mode: LlmOutputMode;
  timeoutMs: number;
  breaker: CircuitBreaker;
  log: Logger;
  /**
   * Embedding half of hybrid retrieval, built on first use (it embeds the knowledge base once); absent, or
   * resolving to undefined because it could not be built → BM25 alone.
   */
  ranker?: () => Promise<EmbeddingRanker | undefined>;
  /** How many sentences the model sees. */
  maxCandidates?: number;
}

/** Counters for `eval --online`: how often the model was asked, failed, or had its answer rejected. */
export interface OnlineStats {
  modelCalls: number;
  modelFailures: number;
  guardRejections: number;
}

/** A streamed answer: text while the model writes it, then the verified Answer. */
export interface AnswerStream {
  /**
   * What may be shown while the model writes (Telegram drafts): the longest run of complete sentences that has
   * passed the guard the final answer goes through, [n] markers numbered as in the final answer.
   */
  verified: AsyncIterable<string>;
  /**
   * The raw text as the model writes it ([n] markers numbered) — NOT verified: it may contain an invention the
   * final answer rejects. For diagnostics; never show it to a user (use `verified`).
   */
  text: AsyncIterable<string>;
  final: Promise<Answer>;
}

/**
 * The LLM answerer. The offline answerer goes first and is the gate: greetings, refusals and questions about the
 * article itself never reach the model. Otherwise the model writes the answer from retrieved sentences, and the
 * answer is verified (cited ids, grounding) before anyone sees it. Anything that goes wrong — the endpoint fails,
 * hangs or invents — returns the offline answer with `fallback` saying why.
 */
export class OnlineAnswerer implements Answerer {
  readonly stats: OnlineStats = { modelCalls: 0, modelFailures: 0, guardRejections: 0 };

  constructor(private readonly options: OnlineOptions) {}

  async answer(question: string, options: AnswerOptions = {}): Promise<Answer> {
    const { decision, done, skip } = this.begin(question, options.conversation);
    if (skip !== undefined) return done(offlineAnswer(decision, skip));

    const candidates = await this.candidates(decision, question, options.signal);
    this.stats.modelCalls++;
    let output: Awaited<ReturnType<typeof callModel>>;
    try {
      output = await callModel({
        model: this.options.model,
        prompts: this.options.prompts,
        mode: this.options.mode,
        question,
        candidates,
        timeoutMs: this.options.timeoutMs,
        signal: options.signal,
      });
    } catch (error) {
      return done(offlineAnswer(decision, this.failed(error)));
    }
    this.options.breaker.success();
    return done(this.verified(output, candidates, decision));
  }

  /**
   * Streams the model's text while it writes (for Telegram drafts), then verifies the whole. Always text protocol:
   * it is the one every OpenAI-compatible server can stream.
   */
  stream(question: string, options: AnswerOptions = {}): AnswerStream {
    const { decision, done, skip } = this.begin(question, options.conversation);
    if (skip !== undefined) {
      const final = Promise.resolve(done(offlineAnswer(decision, skip)));
      return { verified: emptyStream(), text: emptyStream(), final };
    }

    // The model call runs on its own, not pulled by the reader: a reader that stops early (or never reads) still
    // gets `final`. Drafts go through small queues; only the latest one matters to a reader.
    const drafts = new DraftQueue();
    const verifiedDrafts = new DraftQueue();
    const final = (async (): Promise<Answer> => {
      let written = "";
      try {
        const candidates = await this.candidates(decision, question, options.signal);
        this.stats.modelCalls++;
        const handles: string[] = [];
        const number = (h: string) => {
          if (!handles.includes(h)) handles.push(h);
          return handles.indexOf(h) + 1;
        };
        const deadline = AbortSignal.timeout(this.options.timeoutMs);
        const abortSignal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
        let failure: unknown;
        const checked = new VerifiedDrafts((text) => this.draftable(text, candidates));
        const result = streamText({
          model: this.options.model,
          system: this.options.prompts.text,
          prompt: answerRequest(question, candidates),
          abortSignal,
          maxRetries: 0,
          temperature: 0,
          onError: ({ error }) => {
            failure = error; // streamText ends the text stream on error; remember why
          },
        });
        for await (const delta of untilAborted(result.textStream, abortSignal)) {
          written += delta;
          if (!written.trimStart().toUpperCase().startsWith("NO_"))
            drafts.push(renumberMarkers(written, number));
          const verified = checked.update(written);
          if (verified !== undefined) verifiedDrafts.push(verified);
        }
        if (deadline.aborted) throw new ModelFailure("timeout");
        if (failure !== undefined) throw failure;
        this.options.breaker.success();
        const answer = this.verified(parseTextAnswer(written), candidates, decision);
        // The whole answer passed: the last sentence (whose end may have had no terminator) may be drafted too.
        if (answer.mode === "online") verifiedDrafts.push(answer.answer);
        return done(answer);
      } catch (error) {
        return done(offlineAnswer(decision, this.failed(error)));
      } finally {
        drafts.close();
        verifiedDrafts.close();
      }
    })();
    return { verified: verifiedDrafts.read(), text: drafts.read(), final };
  }

  /**
   * A run of the model's text as it may be drafted — numbered like the final answer — when it passes the same
   * guard as the final answer; undefined when it does not. Not counted or logged: a draft is not an answer.
   */
  private draftable(text: string, candidates: readonly Candidate[]): string | undefined {
    const { lexicon, index } = this.options.offline;
    const verdict = verifyModelAnswer(parseTextAnswer(text), candidates, lexicon, index.zone);
    return verdict.ok ? verdict.answer : undefined;
  }

  /** The offline decision, a finisher that adds question and timing, and why the model is skipped (if it is). */
  private begin(question: string, conversation?: Conversation) {
    const started = performance.now();
    const decision = this.options.offline.explain(question, conversation);
    const done = (answer: Omit<Answer, "question" | "ms">): Answer => ({
      question,
      ...answer,
      ms: elapsed(started),
    });
    return { decision, done, skip: this.skipReason(decision) };
  }

  private skipReason(decision: OfflineDecision): string | undefined | null {
    // null: answered offline by design (not a fallback); a string: why the model was skipped.
    if (decision.kind !== "fact" && decision.kind !== "open") return null;
    if (!this.options.breaker.canCall()) return "circuit open";
    return undefined;
  }

  private failed(error: unknown): string {
    const reason = describeFailure(error);
    this.stats.modelFailures++;
    const opened = this.options.breaker.failure();
    this.options.log.warn(
      `model call failed (${reason}); answered offline${opened ? "; pausing model calls" : ""}`,
    );
    return reason;
  }

  private verified(
    output: Parameters<typeof verifyModelAnswer>[0],
    candidates: Candidate[],
    decision: OfflineDecision,
  ): Omit<Answer, "question" | "ms"> {
    const verdict = verifyModelAnswer(
      output,
      candidates,
      this.options.offline.lexicon,
      this.options.offline.index.zone,
    );
    if (!verdict.ok) {
      this.stats.guardRejections++;
      this.options.log.info(`model answer rejected (${verdict.reason}); answered offline`);
      return offlineAnswer(decision, verdict.reason);
    }
    const { about } = decision.result;
    return {
      answered: true,
      answer: verdict.answer,
      citations: verdict.citations,
      mode: "online",
      ...(about ? { about } : {}),
    };
  }

  /**
   * The sentences the model sees: the offline answerer's supporting sentences first (they passed the gate), then
   * BM25 — fused with embedding similarity when a ranker is configured (reciprocal rank fusion).
   */
  private async candidates(
    decision: OfflineDecision,
    question: string,
    signal?: AbortSignal,
  ): Promise<Candidate[]> {
    const { index } = this.options.offline;
    const max = this.options.maxCandidates ?? 8;
    const bm25 = index
      .search(decision.analysis.searchText || decision.analysis.rewritten.text, 20)
      .map((h) => h.sentence.id);
    let ranked = bm25;
    // Embeddings may help ranking but must not eat the answer's time budget: past it, BM25 alone.
    const budget = Math.min(3000, this.options.timeoutMs / 3);
    const ranker = this.options.ranker ? await settleWithin(this.options.ranker(), budget) : undefined;
    if (ranker) {
      try {
        const similar = await settleWithin(ranker.rank(question, 20, signal), budget);
        if (!similar) throw new ModelFailure("timeout");
        ranked = reciprocalRankFusion([bm25, similar]);
      } catch (error) {
        this.options.log.warn(`embedding search failed (${describeFailure(error)}); using BM25 alone`);
      }
    }
    // Only sentences about the park asked about, from any article: the model sees each with its date and source.
    const { subject } = decision.analysis;
    const about = ranked.filter((id) => index.byId.get(id)?.subjects.includes(subject));
    // The best few come with the sentence before them and their paragraph's first sentence: what "该项目"
    // refers to, and what the paragraph is about — the context a reader of the article has.
    const withContext = about.flatMap((id, rank) => {
      const sentence = index.byId.get(id);
      if (!sentence || rank >= CONTEXT_FOR) return [id];
      const before = index.antecedent(sentence);
      let lead = before;
      for (let s = lead; s; s = index.antecedent(s)) lead = s;
      return [id, ...[before, lead].filter((s) => s?.subjects.includes(subject)).map((s) => s?.id ?? "")];
    });
    const ids = [...new Set([...decision.supports.map((s) => s.sentence.id), ...withContext])].slice(0, max);
    return toCandidates(
      ids.map((id) => index.byId.get(id)).filter((s): s is IndexedSentence => s !== undefined),
    );
  }
}

/** How many of the best candidates bring the sentence before them along. */
const CONTEXT_FOR = 3;

function offlineAnswer(
  decision: OfflineDecision,
  fallback: string | null | undefined,
): Omit<Answer, "question" | "ms"> {
  return { ...decision.result, mode: "offline", ...(fallback ? { fallback } : {}) };
}

/**
 * Drafts from the model call to one reader. Growing texts replace each other, so a slow reader skips to the
 * newest draft instead of replaying every step; nothing is kept once the reader has it.
 */
class DraftQueue {
  private latest: string | undefined;
  private closed = false;
  private wake: (() => void) | undefined;

  push(text: string): void {
    this.latest = text;
    this.wake?.();
  }

  close(): void {
    this.closed = true;
    this.wake?.();
  }

  async *read(): AsyncGenerator<string> {
    while (true) {
      if (this.latest !== undefined) {
        const text = this.latest;
        this.latest = undefined;
        yield text;
        continue;
      }
      if (this.closed) return;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = undefined;
    }
  }
}

/** Yields from `source` until `signal` aborts, even if the source itself never notices (a hung connection). */
async function* untilAborted<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  const aborted = new Promise<never>((_, reject) => {
    if (signal.aborted) reject(new ModelFailure("timeout"));
    signal.addEventListener("abort", () => reject(new ModelFailure("timeout")), { once: true });
  });
  aborted.catch(() => {});
  try {
    while (true) {
      const next = await Promise.race([iterator.next(), aborted]);
      if (next.done) return;
      yield next.value;
    }
  } finally {
    void iterator.return?.();
  }
}

/** The promise's value if it settles within `ms`, else undefined (the promise goes on; its rejection is kept). */
async function settleWithin<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  promise.catch(() => {}); // a rejection after the deadline is nobody's business (the caller has moved on)
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function* emptyStream(): AsyncGenerator<string> {}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}
