/**
 * `npm run bench`: the speed goals of the offline path, measured on this machine (they are not unit tests).
 * - start-up: `parkbot ask` as a fresh process, from spawn to its answer on stdout (goal < 500 ms)
 * - answer: one offline answer in process, over the eval question set (goal < 5 ms at p95)
 * - huge: a 20,000-character question (goal < 1 s)
 * - ingest: 1,000 synthetic raw pages (txt and HTML, a tenth of them reposts) cleaned, deduplicated and written
 *   (goal < 5 s: "a few seconds")
 * Prints one line per goal; exits 1 when one is missed and `--strict` was given.
 *
 * `--sentences 1000,10000,100000 [--json]` runs the scale benchmark instead (see `scale.ts`).
 */
import { spawnSync } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createOfflineAnswerer, type OfflineAnswerer } from "../answer/offline/offline-answerer.js";
import { loadQuestionSet } from "../eval/question-set.js";
import { ingest } from "../knowledge/ingest.js";
import { loadKnowledge } from "../knowledge/load.js";
import { loadLexicon } from "../search/lexicon.js";
import { writeSyntheticPages } from "./synthetic-pages.js";

if (process.argv.some((arg) => arg === "--sentences" || arg.startsWith("--sentences="))) {
  const { parseScaleArgs, runScaleBench } = await import("./scale.js");
  let options: ReturnType<typeof parseScaleArgs>;
  try {
    options = parseScaleArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`bench: ${(error as Error).message}`);
    process.exit(2);
  }
  process.exit(await runScaleBench(options));
}

const CLI = fileURLToPath(new URL("../cli/main.js", import.meta.url));
const strict = process.argv.includes("--strict");

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function startupMs(): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, [CLI, "ask", "--offline", "衡阳高新区规划面积有多大?"], {
    encoding: "utf8",
    env: { ...process.env, TELEGRAM_BOT_TOKEN: "", OPENAI_API_KEY: "" },
  });
  const ms = performance.now() - started;
  if (run.status !== 0 || !run.stdout.includes("170.57")) throw new Error(`ask failed: ${run.stderr}`);
  return ms;
}

const results: Array<{ goal: string; value: number; limit: number }> = [];

startupMs(); // warm the file-system cache once
const startups = Array.from({ length: 7 }, startupMs);
results.push({
  goal: "start-up to first answer, median of 7 (ms)",
  value: percentile(startups, 50),
  limit: 500,
});

const [articles, lexicon, questions] = await Promise.all([
  loadKnowledge("knowledge"),
  loadLexicon(),
  loadQuestionSet("tests/eval/questions.jsonl"),
]);
/** Per-question times of `rounds` passes over the questions, after one warm-up pass (jieba and V8). */
function decisionTimes(
  answerer: OfflineAnswerer,
  items: ReadonlyArray<{ q: string }>,
  rounds: number,
): number[] {
  for (const { q } of items) answerer.decide(q);
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const { q } of items) {
      const started = performance.now();
      answerer.decide(q);
      times.push(performance.now() - started);
    }
  }
  return times;
}

const answerer = createOfflineAnswerer(articles, lexicon);
const times = decisionTimes(answerer, questions, 20);
results.push({
  goal: `in-process answer p50 over ${times.length} (ms)`,
  value: percentile(times, 50),
  limit: 5,
});
results.push({
  goal: `in-process answer p95 over ${times.length} (ms)`,
  value: percentile(times, 95),
  limit: 5,
});

// The many-article fixture (synthetic: a fictional zone, its neighbours, reposts and conflicting figures) with its
// own zone file and frozen question set: per-answer time over a knowledge base of many articles.
const fixtureDir = await mkdtemp(join(tmpdir(), "parkbot-bench-zone-kb-"));
await cp("tests/fixtures/zone-kb/raw", join(fixtureDir, "raw"), { recursive: true });
await ingest(fixtureDir);
const fixture = createOfflineAnswerer(
  await loadKnowledge(fixtureDir),
  await loadLexicon(undefined, "tests/fixtures/zone-kb/zone.json"),
);
const fixtureTimes = decisionTimes(fixture, await loadQuestionSet("tests/eval/zone-kb.jsonl"), 10);
results.push({
  goal: `many-article fixture answer p95 over ${fixtureTimes.length} (ms)`,
  value: percentile(fixtureTimes, 95),
  limit: 5,
});
await rm(fixtureDir, { recursive: true, force: true });

const huge = `衡阳高新区规划面积有多大?${"高新区".repeat(6700)}`;
const t = performance.now();
answerer.decide(huge);
results.push({ goal: "20,000-character question (ms)", value: performance.now() - t, limit: 1000 });

const pagesDir = await writeSyntheticPages(await mkdtemp(join(tmpdir(), "parkbot-bench-ingest-")), 1000);
const ingestStarted = performance.now();
const ingested = await ingest(pagesDir);
results.push({
  goal: "ingest of 1,000 raw pages (ms)",
  value: performance.now() - ingestStarted,
  limit: 5000,
});
console.log(
  `     ingest: ${ingested.articles.length} articles, ${ingested.merged.length} reposts merged, ` +
    `${ingested.rejected.length} rejected`,
);
await rm(pagesDir, { recursive: true, force: true });

let missed = 0;
for (const r of results) {
  const ok = r.value < r.limit;
  if (!ok) missed++;
  console.log(
    `${ok ? "ok  " : "MISS"} ${r.goal.padEnd(48)} ${r.value.toFixed(2).padStart(9)}  (goal < ${r.limit})`,
  );
}
if (strict && missed > 0) process.exit(1);
