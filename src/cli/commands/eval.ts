import { loadQuestionSet } from "../../eval/question-set.js";
import {
  type EvalSummary,
  formatEvalTable,
  type ItemResult,
  scoreItem,
  summarize,
} from "../../eval/score.js";
import { type Command, debugLog, parseCommandArgs, UsageError, writeLine } from "../command.js";
import { openAnswerer } from "../open-answerer.js";

export const DEFAULT_QUESTION_SET = "tests/eval/questions.jsonl";

/** The per-kind metrics named when `overall` misses `--min`, so the message says where the points were lost. */
const METRICS = ["answerAccuracy", "refusalAccuracy", "citationPrecision", "top1CitationAccuracy"] as const;

/**
 * `parkbot eval [--set FILE] [--json] [--min N] [--online]`: runs every question of the set through the
 * answerer, one after another so latencies are honest, and prints the scores. Exit 1 when overall < --min.
 */
export const evalCommand: Command = async (context) => {
  const { values } = parseCommandArgs(context.args, {
    set: { type: "string", default: DEFAULT_QUESTION_SET },
    json: { type: "boolean", default: false },
    min: { type: "string" },
    online: { type: "boolean", default: false },
  });
  const min = values.min === undefined ? undefined : parseMin(values.min);

  if (values.online && !context.config.openaiApiKey) {
    writeLine(context.stderr, "eval: OPENAI_API_KEY is not set, so --online runs offline.");
  }

  const items = await loadQuestionSet(values.set);
  const { answerer, online } = await openAnswerer(
    context.config,
    { online: values.online, stderr: context.stderr },
    debugLog(context),
  );
  const results: ItemResult[] = [];
  for (const item of items) results.push(scoreItem(item, await answerer.answer(item.q)));
  const summary = summarize(results);

  const model = online ? { ...online.stats, guardRejectionRate: rate(online.stats) } : undefined;
  if (values.json)
    writeLine(context.stdout, JSON.stringify({ summary, ...(model ? { model } : {}), results }, null, 2));
  else {
    writeLine(context.stdout, formatEvalTable(results, summary));
    if (model) {
      const pct =
        model.guardRejectionRate === null ? "n/a" : `${(model.guardRejectionRate * 100).toFixed(1)}%`;
      writeLine(
        context.stdout,
        `model calls         ${model.modelCalls} (failed ${model.modelFailures}, answers rejected by the guard ${model.guardRejections}: ${pct})`,
      );
    }
  }

  if (min !== undefined && !(summary.overall !== null && summary.overall >= min)) {
    writeLine(context.stderr, `eval: FAILED — ${shortfall(summary, min)}`);
    return 1;
  }
  return 0;
};

/** Share of the model's answers (calls that returned) that the grounding guard rejected. */
function rate(stats: { modelCalls: number; modelFailures: number; guardRejections: number }): number | null {
  const returned = stats.modelCalls - stats.modelFailures;
  return returned > 0 ? stats.guardRejections / returned : null;
}

function parseMin(text: string): number {
  const min = Number(text);
  if (text.trim() === "" || !Number.isFinite(min) || min < 0) {
    throw new UsageError(
      `--min must be a score between 0 and 1, e.g. --min 0.8 (got ${JSON.stringify(text)})`,
    );
  }
  return min;
}

/** E.g. "overall 0.917 is below --min 0.95 (below it too: answerAccuracy 0.900)". A null rate means no data. */
function shortfall(summary: EvalSummary, min: number): string {
  const low = METRICS.flatMap((name) => {
    const value = summary[name];
    return value !== null && value < min ? [`${name} ${value.toFixed(3)}`] : [];
  });
  const also = low.length > 0 ? ` (below it too: ${low.join(", ")})` : "";
  const overall = summary.overall === null ? "n/a" : summary.overall.toFixed(3);
  return `overall ${overall} is below --min ${min}${also}`;
}
