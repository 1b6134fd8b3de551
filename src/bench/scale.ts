/**
 * `npm run bench -- --sentences 1000,10000,100000 [--json] [--seed N] [--rounds N]`: what the offline path costs
 * as the knowledge base grows. For each size N, a seeded synthetic distractor corpus of N sentences
 * (`synthetic-corpus.ts`: fictional parks' areas, years, distances, company counts; generic economy news) is
 * written as cleaned articles into a temp knowledge directory next to copies of the real knowledge/*.json, and:
 * - in process: load and index time (`openParkbot`, the factory the CLI uses), answer p50/p95/max over the eval
 *   questions, the eval score (the scoring of `parkbot eval`), and how many answers cite a synthetic article;
 * - cold start: `parkbot ask --offline --json` spawned twice on that directory with one fresh DATA_DIR (the
 *   first run may build a cache, the second may load it): wall time to exit and peak RSS;
 * - retrieval: recall@1/@5 of the gold sentences of the eval questions by `SentenceIndex.search` called as
 *   select.ts calls it (rewritten question, its subject), the same without the subject filter, and two peers
 *   over the same sentences and the same folded question: MiniSearch with plain jieba tokens and FlexSearch's
 *   CJK charset.
 * Progress goes to stderr; a table per size to stdout, or with --json one JSON object.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import MiniSearch from "minisearch";
import type { OfflineAnswerer } from "../answer/offline/offline-answerer.js";
import { type EvalItem, loadQuestionSet } from "../eval/question-set.js";
import { containsGold, percentile, scoreItem, summarize } from "../eval/score.js";
import { loadKnowledge } from "../knowledge/load.js";
import { openParkbot } from "../parkbot.js";
import { fold } from "../search/normalize.js";
import { generateCorpus, writeCorpus } from "./synthetic-corpus.js";

const CLI = fileURLToPath(new URL("../cli/main.js", import.meta.url));
const QUESTIONS = "tests/eval/questions.jsonl";
const COLD_QUESTION = "衡阳高新区规划面积有多大?";
const COLD_EXPECTED = "170.57";
const GNU_TIME = "/usr/bin/time";
const K = 5;

export interface ScaleOptions {
  sizes: number[];
  json: boolean;
  seed: number;
  /** Timed passes over the eval questions for answer latency (after one warm-up pass). */
  rounds: number;
}

interface ColdStart {
  ms: number;
  /** Peak resident set size of the spawned process, MB; null when it could not be measured. */
  peakRssMb: number | null;
  exitCode: number | null;
  /** The answer contains 170.57 (the real figure), cited from a real article. */
  correct: boolean;
  /** The start of the answer given, when it is not the correct one. */
  answer?: string;
  error?: string;
}

interface Engine {
  name: string;
  recallAt1: number;
  recallAt5: number;
  buildMs: number;
  queryP95Ms: number;
  note?: string;
}

export interface SizeResult {
  sentences: number;
  articles: { synthetic: number; real: number };
  indexedSentences: number;
  generateMs: number;
  inProcess: { openMs: number; loadMs: number; indexMs: number };
  coldStart: ColdStart[];
  answer: { count: number; p50Ms: number; p95Ms: number; maxMs: number };
  eval: {
    overall: number | null;
    passed: number;
    total: number;
    top1CitationAccuracy: number | null;
    /** Answered questions that cite at least one synthetic article, and their ids. */
    citingSynthetic: number;
    citingSyntheticIds: string[];
  };
  retrieval: { questions: number; engines: Engine[]; skipped: string[] };
}

/** Parses `--sentences 1000,10000` (also `--sentences=…`, `10k`); throws on anything else. */
export function parseScaleArgs(argv: readonly string[]): ScaleOptions {
  const value = (name: string): string | undefined => {
    const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
    if (i === -1) return undefined;
    const arg = argv[i] as string;
    return arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[i + 1];
  };
  const count = (text: string, what: string): number => {
    const m = /^(\d+)(k?)$/i.exec(text.trim().replace(/_/g, ""));
    const n = m ? Number(m[1]) * (m[2] ? 1000 : 1) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < 1)
      throw new Error(`${what}: expected a positive whole number, got "${text}"`);
    return n;
  };
  const sizes = (value("--sentences") ?? "").split(",").filter((s) => s.trim() !== "");
  if (sizes.length === 0) throw new Error("--sentences needs sizes, e.g. --sentences 1000,10000,100000");
  return {
    sizes: sizes.map((s) => count(s, "--sentences")),
    json: argv.includes("--json"),
    seed: count(value("--seed") ?? "1", "--seed"),
    rounds: count(value("--rounds") ?? "5", "--rounds"),
  };
}

const started = performance.now();
function progress(line: string): void {
  process.stderr.write(
    `[bench ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}\n`,
  );
}

/** Runs the scale benchmark and prints its report; returns the exit code. */
export async function runScaleBench(options: ScaleOptions): Promise<number> {
  const questions = await loadQuestionSet(QUESTIONS);
  // Warm-up, untimed: module loading, jieba's dictionary and the lexicon are paid once per process, not by the
  // first size's build.
  progress("warming up (openParkbot on the real knowledge base)…");
  const warmData = await mkdtemp(join(tmpdir(), "parkbot-bench-scale-warm-"));
  (await openParkbot({ knowledgeDir: "knowledge", dataDir: warmData })).offline.decide(COLD_QUESTION);
  await rm(warmData, { recursive: true, force: true });
  const results: SizeResult[] = [];
  for (const n of options.sizes) {
    const result = await measureSize(n, questions, options);
    results.push(result);
    if (!options.json) console.log(formatSize(result));
  }
  if (options.json) {
    const report = {
      machine: {
        node: process.version,
        platform: process.platform,
        cpus: cpus().length,
        cpu: cpus()[0]?.model,
      },
      seed: options.seed,
      rounds: options.rounds,
      questionSet: QUESTIONS,
      coldQuestion: COLD_QUESTION,
      sizes: results,
    };
    console.log(JSON.stringify(report, null, 2));
  }
  return 0;
}

async function measureSize(n: number, questions: EvalItem[], options: ScaleOptions): Promise<SizeResult> {
  const tag = `[${n.toLocaleString("en-US")}]`;
  const root = await mkdtemp(join(tmpdir(), `parkbot-bench-scale-${n}-`));
  try {
    const knowledgeDir = join(root, "knowledge");
    progress(`${tag} generating ${n} synthetic sentences (seed ${options.seed})…`);
    let t = performance.now();
    const synthetic = generateCorpus(n, options.seed);
    await writeCorpus(knowledgeDir, synthetic);
    const real = (await readdir("knowledge")).filter((name) => name.endsWith(".json"));
    for (const name of real) await copyFile(join("knowledge", name), join(knowledgeDir, name));
    const generateMs = performance.now() - t;
    progress(
      `${tag} wrote ${synthetic.length} synthetic + ${real.length} real articles in ${ms(generateMs)}`,
    );

    // Cold starts first, with one DATA_DIR for all: the first run finds nothing cached, the later ones load the
    // saved index. A start is a whole process on a shared machine, so the later ones are reported as a median.
    const dataDir = join(root, "data");
    await mkdir(dataDir);
    const coldStart: ColdStart[] = [];
    for (const run of [1, 2, 3, 4, 5, 6]) {
      progress(`${tag} cold start #${run}: parkbot ask --offline --json …`);
      const result = coldStartRun(knowledgeDir, dataDir, join(root, `rss-${run}.txt`));
      coldStart.push(result);
      progress(
        `${tag} cold start #${run}: ${ms(result.ms)}, peak RSS ${result.peakRssMb ?? "?"} MB` +
          (result.error ? ` — ${result.error}` : ""),
      );
    }

    progress(`${tag} building the index in process (openParkbot)…`);
    t = performance.now();
    const parkbot = await openParkbot({ knowledgeDir, dataDir: join(root, "data-in-process") });
    const openMs = performance.now() - t;
    t = performance.now();
    await loadKnowledge(knowledgeDir);
    const loadMs = performance.now() - t;
    const offline = parkbot.offline;
    progress(`${tag} built in ${ms(openMs)} (of which loading the files ${ms(loadMs)})`);

    progress(`${tag} answering ${questions.length} questions × ${options.rounds} rounds…`);
    const times = answerTimes(offline, questions, options.rounds);
    progress(`${tag} scoring the eval set…`);
    const evaluation = await evaluate(offline, questions);
    progress(`${tag} retrieval: parkbot and peers…`);
    const retrieval = await retrievalFigures(offline, questions, openMs - loadMs, tag);

    return {
      sentences: n,
      articles: { synthetic: synthetic.length, real: real.length },
      indexedSentences: offline.index.sentences.length,
      generateMs: round(generateMs),
      inProcess: { openMs: round(openMs), loadMs: round(loadMs), indexMs: round(openMs - loadMs) },
      coldStart,
      answer: {
        count: times.length,
        p50Ms: round(percentile(times, 50) ?? Number.NaN),
        p95Ms: round(percentile(times, 95) ?? Number.NaN),
        maxMs: round(Math.max(...times)),
      },
      eval: evaluation,
      retrieval,
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/**
 * One `parkbot ask` as a fresh process, timed from spawn to exit. Peak RSS from GNU time when it is installed,
 * else from `process.resourceUsage()` inside the child (a wrapper that imports the CLI).
 */
function coldStartRun(knowledgeDir: string, dataDir: string, rssFile: string): ColdStart {
  const args = ["ask", "--offline", "--json", COLD_QUESTION];
  const env = {
    ...process.env,
    KNOWLEDGE_DIR: knowledgeDir,
    DATA_DIR: dataDir,
    TELEGRAM_BOT_TOKEN: "",
    OPENAI_API_KEY: "",
    BENCH_RSS_FILE: rssFile,
  };
  const withTime = existsSync(GNU_TIME);
  const [command, commandArgs] = withTime
    ? [GNU_TIME, ["-v", "-o", rssFile, process.execPath, CLI, ...args]]
    : [process.execPath, ["--input-type=module", "-e", RSS_WRAPPER, CLI, ...args]];
  const t = performance.now();
  const run = spawnSync(command, commandArgs, { encoding: "utf8", env, maxBuffer: 64 * 1024 * 1024 });
  const elapsed = performance.now() - t;
  let peakRssMb: number | null = null;
  try {
    const text = readFileSync(rssFile, "utf8");
    const kb = withTime ? /Maximum resident set size \(kbytes\): (\d+)/.exec(text)?.[1] : text.trim();
    if (kb) peakRssMb = Math.round(Number(kb) / 1024);
  } catch {
    // no figure: reported as null
  }
  let correct = false;
  let given: string | undefined;
  try {
    const answer = JSON.parse(run.stdout) as {
      answer: string;
      citations: Array<{ article: { id: string } }>;
    };
    given = answer.answer;
    correct =
      answer.answer.includes(COLD_EXPECTED) &&
      answer.citations.length > 0 &&
      answer.citations.every((c) => !c.article.id.startsWith("synthetic-"));
  } catch {
    // not an answer: correct stays false, the error says why
  }
  const result: ColdStart = { ms: round(elapsed), peakRssMb, exitCode: run.status, correct };
  if (!correct && given !== undefined) result.answer = given.slice(0, 60);
  if (run.error || run.status !== 0)
    result.error = (run.error?.message ?? run.stderr.trim().split("\n").pop() ?? "failed").slice(0, 200);
  return result;
}

/** Runs the CLI in this process and writes its peak RSS (kB) to $BENCH_RSS_FILE on exit. */
const RSS_WRAPPER = `
import { writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const [cli, ...rest] = process.argv.slice(1);
process.argv = [process.argv[0], cli, ...rest];
process.on("exit", () => writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));
await import(pathToFileURL(cli).href);
`;

/** Per-question decision times of `rounds` passes, after one warm-up pass (jieba and V8). */
function answerTimes(answerer: OfflineAnswerer, items: readonly EvalItem[], rounds: number): number[] {
  for (const { q } of items) answerer.decide(q);
  const times: number[] = [];
  for (let r = 0; r < rounds; r++)
    for (const { q } of items) {
      const t = performance.now();
      answerer.decide(q);
      times.push(performance.now() - t);
    }
  return times;
}

async function evaluate(answerer: OfflineAnswerer, items: readonly EvalItem[]): Promise<SizeResult["eval"]> {
  const results = [];
  const citingSyntheticIds: string[] = [];
  for (const item of items) {
    const answer = await answerer.answer(item.q);
    if (answer.answered && answer.citations.some((c) => c.article.id.startsWith("synthetic-")))
      citingSyntheticIds.push(item.id);
    results.push(scoreItem(item, answer));
  }
  const summary = summarize(results);
  return {
    overall: summary.overall,
    passed: summary.passed,
    total: summary.total,
    top1CitationAccuracy: summary.top1CitationAccuracy,
    citingSynthetic: citingSyntheticIds.length,
    citingSyntheticIds,
  };
}

/** Position of the first hit containing a gold substring, or -1. */
function goldRank(texts: readonly string[], gold: readonly string[]): number {
  return texts.findIndex((text) => containsGold(text, gold));
}

/** recall@1/@5 and query p95 of one engine over the gold questions (3 timed passes). */
function measureEngine(
  name: string,
  buildMs: number,
  queries: number,
  search: (i: number) => string[],
  note?: string,
  golds?: ReadonlyArray<readonly string[]>,
): Engine {
  const ranks: number[] = [];
  const times: number[] = [];
  for (let pass = 0; pass < 3; pass++)
    for (let i = 0; i < queries; i++) {
      const t = performance.now();
      const texts = search(i);
      times.push(performance.now() - t);
      if (pass === 0) ranks.push(goldRank(texts, golds?.[i] ?? []));
    }
  const share = (k: number) => round(ranks.filter((r) => r !== -1 && r < k).length / Math.max(1, queries), 3);
  return {
    name,
    recallAt1: share(1),
    recallAt5: share(K),
    buildMs: round(buildMs),
    queryP95Ms: round(percentile(times, 95) ?? Number.NaN, 3),
    ...(note ? { note } : {}),
  };
}

const PUNCTUATION = /^[\s\p{P}\p{S}]+$/u;
let plainJieba: Jieba | undefined;

async function retrievalFigures(
  offline: OfflineAnswerer,
  questions: readonly EvalItem[],
  indexMs: number,
  tag: string,
): Promise<SizeResult["retrieval"]> {
  const { index } = offline;
  const items = questions.filter((q) => q.gold.length > 0);
  const golds = items.map((q) => q.gold);
  // The query as select.ts builds it: the rewritten question (or its search text) and its subject.
  const asked = items.map((item) => {
    const { analysis } = offline.explain(item.q);
    return { text: analysis.searchText || analysis.rewritten.text, subject: analysis.subject };
  });
  const engines: Engine[] = [];
  const skipped: string[] = [];
  engines.push(
    measureEngine(
      "parkbot SentenceIndex.search",
      indexMs,
      items.length,
      (i) => {
        const q = asked[i] as { text: string; subject: string };
        return index.search(q.text, K, q.subject).map((h) => h.sentence.text);
      },
      "rewritten question, subject filter (as select.ts); build = whole openParkbot less file loading",
      golds,
    ),
  );
  engines.push(
    measureEngine(
      "parkbot, no subject filter",
      indexMs,
      items.length,
      (i) => index.search((asked[i] as { text: string }).text, K).map((h) => h.sentence.text),
      "rewritten question (as online-answerer.ts candidates)",
      golds,
    ),
  );

  // Peers: the same citable sentences, folded like the project folds them; the question folded likewise
  // (NFKC, traditional → simplified, lower case), with none of the project's rewriting.
  // Peers index sentences by number (FlexSearch wants numeric ids): the position in index.sentences.
  const docs = index.sentences.map((s, i) => ({ id: i, text: fold(s.text), raw: s.text }));
  const byNumber = docs.map((d) => d.raw);
  const folded = items.map((q) => fold(q.q));

  progress(`${tag} peer: MiniSearch + jieba…`);
  plainJieba ??= Jieba.withDict(dict); // the dictionary loads once, outside the timed build
  const jieba = plainJieba;
  const tokenize = (text: string) => jieba.cutForSearch(text, false).filter((w) => !PUNCTUATION.test(w));
  let t = performance.now();
  const mini = new MiniSearch<{ id: number; text: string }>({
    fields: ["text"],
    tokenize,
    processTerm: (term) => term,
    searchOptions: { tokenize, processTerm: (term) => term },
  });
  mini.addAll(docs.map((d) => ({ id: d.id, text: d.text })));
  const miniMs = performance.now() - t;
  engines.push(
    measureEngine(
      "MiniSearch + jieba",
      miniMs,
      items.length,
      (i) =>
        mini
          .search(folded[i] as string)
          .slice(0, K)
          .map((hit) => byNumber[hit.id as number] as string),
      "jieba search-mode words, BM25+, OR",
      golds,
    ),
  );

  progress(`${tag} peer: FlexSearch (CJK)…`);
  try {
    const { Index, Charset } = await import("flexsearch");
    t = performance.now();
    const flex = new Index({ encoder: Charset.CJK, tokenize: "strict" });
    for (const d of docs) flex.add(d.id, d.text);
    const flexMs = performance.now() - t;
    engines.push(
      measureEngine(
        "FlexSearch CJK",
        flexMs,
        items.length,
        (i) =>
          (flex.search(folded[i] as string, { limit: K, suggest: true }) as number[]).map(
            (id) => byNumber[id] as string,
          ),
        "Charset.CJK (one term per character), strict, suggest (context on measured no better)",
        golds,
      ),
    );
  } catch (error) {
    skipped.push(`FlexSearch: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { questions: items.length, engines, skipped };
}

// ---------------------------------------------------------------------------------------------------------
// Report

function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function ms(value: number): string {
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

function pct(value: number | null): string {
  return value === null ? "n/a" : `${(value * 100).toFixed(1)}%`;
}

export function formatSize(r: SizeResult): string {
  const lines: string[] = [];
  const row = (label: string, value: string) => lines.push(`${label.padEnd(28)} ${value}`);
  lines.push(
    `== ${r.sentences.toLocaleString("en-US")} synthetic sentences: ${r.articles.synthetic} synthetic + ` +
      `${r.articles.real} real articles, ${r.indexedSentences.toLocaleString("en-US")} sentences indexed ` +
      `(corpus written in ${ms(r.generateMs)}) ==`,
  );
  row(
    "index build, in process",
    `${ms(r.inProcess.openMs).padStart(9)}  openParkbot; of which loading the files ${ms(r.inProcess.loadMs)}`,
  );
  const [first, ...later] = r.coldStart;
  const verdict = (c: ColdStart) =>
    (c.correct ? "correct (170.57, real source)" : `WRONG: ${(c.answer ?? "no answer").slice(0, 24)}…`) +
    (c.error ? `  [${c.error}]` : "");
  if (first) {
    row(
      "cold start, builds the index",
      `${ms(first.ms).padStart(9)}  peak RSS ${first.peakRssMb ?? "?"} MB, answer ${verdict(first)}`,
    );
  }
  if (later.length > 0) {
    const times = later.map((c) => c.ms).sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] as number;
    const rss = Math.max(...later.map((c) => c.peakRssMb ?? 0));
    const wrong = later.find((c) => !c.correct || c.error);
    row(
      `cold start, cached (median of ${later.length})`,
      `${ms(median).padStart(9)}  (${ms(times[0] as number)}–${ms(times.at(-1) as number)}) peak RSS ${rss} MB, answer ${wrong ? verdict(wrong) : verdict(later[0] as ColdStart)}`,
    );
  }
  row(
    "answer, in process",
    `p50 ${r.answer.p50Ms.toFixed(2)} ms, p95 ${r.answer.p95Ms.toFixed(2)} ms, max ${r.answer.maxMs.toFixed(2)} ms ` +
      `(${r.answer.count} answers)`,
  );
  row(
    "eval (questions.jsonl)",
    `overall ${pct(r.eval.overall)} (${r.eval.passed}/${r.eval.total}), top-1 citation ` +
      `${pct(r.eval.top1CitationAccuracy)}, answers citing a synthetic article: ${r.eval.citingSynthetic}` +
      (r.eval.citingSynthetic > 0 ? ` (${r.eval.citingSyntheticIds.join(" ")})` : ""),
  );
  lines.push(`retrieval over the ${r.retrieval.questions} questions with gold sentences:`);
  const nameWidth = Math.max(...r.retrieval.engines.map((e) => e.name.length));
  lines.push(
    `  ${"engine".padEnd(nameWidth)}  ${"recall@1".padStart(8)}  ${"recall@5".padStart(8)}  ${"build".padStart(9)}  ${"query p95".padStart(10)}`,
  );
  for (const e of r.retrieval.engines)
    lines.push(
      `  ${e.name.padEnd(nameWidth)}  ${pct(e.recallAt1).padStart(8)}  ${pct(e.recallAt5).padStart(8)}  ` +
        `${ms(e.buildMs).padStart(9)}  ${`${e.queryP95Ms.toFixed(3)} ms`.padStart(10)}`,
    );
  for (const s of r.retrieval.skipped) lines.push(`  skipped: ${s}`);
  return `${lines.join("\n")}\n`;
}
