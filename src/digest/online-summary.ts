import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { generateText, type LanguageModel, Output } from "ai";
import { z } from "zod";
import { CircuitBreaker } from "../answer/online/breaker.js";
import { describeFailure, withDeadline } from "../answer/online/call-model.js";
import { DEFAULT_PROMPTS_DIR } from "../answer/online/prompts.js";
import { groundingProblem } from "../answer/online/verify.js";
import type { LlmOutputMode } from "../config.js";
import { type Article, articleRef, isCitable } from "../knowledge/article.js";
import type { Logger } from "../log.js";
import type { Lexicon } from "../search/lexicon.js";
import type { DigestItem, Summarizer } from "./digest.js";
import { offlineDigest } from "./offline-summary.js";

const ModelDigestSchema = z.object({
  headline: z.string().min(1),
  points: z
    .array(z.object({ text: z.string().min(1), citations: z.array(z.string()).min(1) }))
    .min(1)
    .max(6),
});
type ModelDigest = z.infer<typeof ModelDigestSchema>;

export async function loadSummaryPrompt(dir: string = DEFAULT_PROMPTS_DIR): Promise<string> {
  return (await readFile(join(dir, "summary.md"), "utf8")).trim();
}

export interface SummarizerOptions {
  articles: () => readonly Article[];
  lexicon: Lexicon;
  log: Logger;
  /** The LLM; absent → offline extractive digests only. */
  llm?: {
    model: LanguageModel;
    mode: LlmOutputMode;
    timeoutMs: number;
    prompt: string;
    breaker?: CircuitBreaker;
  };
}

/**
 * Digests articles: the LLM writes the points when one is configured, and they are verified like answers (every
 * cited handle is a sentence of the article, every number and name of a point occurs in the sentences it cites);
 * on any failure the offline extractive digest is used, with `fallback` saying why. Citations always carry the
 * knowledge base's verbatim sentences.
 */
export class DigestSummarizer implements Summarizer {
  private readonly breaker: CircuitBreaker;

  constructor(private readonly options: SummarizerOptions) {
    this.breaker = options.llm?.breaker ?? new CircuitBreaker(3, 60_000);
  }

  async summarize(articleId: string, opts: { signal?: AbortSignal } = {}): Promise<DigestItem> {
    const article = this.options.articles().find((a) => a.id === articleId);
    if (!article) throw new Error(`no article with id ${articleId}`);
    const offline = offlineDigest(article);
    const { llm } = this.options;
    if (!llm) return offline;
    if (!this.breaker.canCall()) return { ...offline, fallback: "circuit open" };

    const sentences = article.paragraphs.flatMap((p) => p.sentences).filter(isCitable);
    const handles = new Map(sentences.map((s, i) => [`S${i + 1}`, s]));
    let output: ModelDigest;
    try {
      output = await withDeadline(llm.timeoutMs, opts.signal, (abortSignal) =>
        this.ask(
          llm,
          article,
          [...handles].map(([handle, s]) => ({ handle, text: s.text })),
          abortSignal,
        ),
      );
      this.breaker.success();
    } catch (error) {
      const reason = describeFailure(error);
      this.breaker.failure();
      this.options.log.warn(`summary model call failed (${reason}); using the offline digest`);
      return { ...offline, fallback: reason };
    }

    const points: DigestItem["points"] = [];
    for (const point of output.points) {
      const cited = point.citations.map((h) => handles.get(h.trim().toUpperCase()));
      if (cited.some((s) => s === undefined)) return this.rejected(offline, "invalid citation");
      const texts = cited.map((s) => s?.text ?? "");
      const problem = groundingProblem(point.text, texts, this.options.lexicon);
      if (problem) return this.rejected(offline, problem);
      points.push({
        text: point.text.trim(),
        citations: cited.map((s) => ({ id: s?.id ?? "", text: s?.text ?? "" })),
      });
    }
    const headlineProblem = groundingProblem(
      output.headline,
      [article.title, ...sentences.map((s) => s.text)],
      this.options.lexicon,
    );
    if (headlineProblem) return this.rejected(offline, `headline ${headlineProblem}`);
    return { article: articleRef(article), headline: output.headline.trim(), points, mode: "online" };
  }

  private rejected(offline: DigestItem, reason: string): DigestItem {
    this.options.log.info(`model digest rejected (${reason}); using the offline digest`);
    return { ...offline, fallback: reason };
  }

  private async ask(
    llm: NonNullable<SummarizerOptions["llm"]>,
    article: Article,
    sentences: Array<{ handle: string; text: string }>,
    abortSignal: AbortSignal,
  ): Promise<ModelDigest> {
    const prompt = JSON.stringify(
      { title: article.title, date: article.date, source: article.source, sentences },
      null,
      1,
    );
    const base = {
      model: llm.model,
      system: llm.prompt,
      prompt,
      abortSignal,
      maxRetries: 1,
      temperature: 0,
    } as const;
    if (llm.mode === "json-schema") {
      return (await generateText({ ...base, output: Output.object({ schema: ModelDigestSchema }) })).output;
    }
    if (llm.mode === "json-object") {
      return ModelDigestSchema.parse((await generateText({ ...base, output: Output.json() })).output);
    }
    // Text mode: the prompt asks for JSON anyway; take the outermost object from the reply.
    const text = (await generateText(base)).text;
    const json = text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1);
    return ModelDigestSchema.parse(JSON.parse(json));
  }
}
