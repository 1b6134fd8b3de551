import { redact } from "../../config.js";
import { describeOutcome } from "../../intake/describe.js";
import { DEFAULT_FETCH_POLICY } from "../../intake/fetch-page.js";
import { zoneKeywords } from "../../intake/keywords.js";
import { checkSources, type SourceCheck } from "../../intake/watch.js";
import { createLogger } from "../../log.js";
import { type Command, parseCommandArgs, UsageError, writeLine } from "../command.js";

/**
 * `parkbot fetch [--json]`: checks every source in knowledge/sources.yaml once and adds their new articles about
 * the zone (for a system scheduler, or to try a new source by hand; the running bot does the same on FETCH_CRON).
 * Prints one line per source and one per item found (`--json`: the report). Exit 1 when any source failed.
 */
export const fetchCommand: Command = async (context) => {
  const { values, positionals } = parseCommandArgs(context.args, {
    json: { type: "boolean", default: false },
  });
  if (positionals.length > 0)
    throw new UsageError(`takes no arguments (got ${JSON.stringify(positionals.join(" "))})`);
  const { config } = context;
  const report = await checkSources({
    knowledgeDir: config.knowledgeDir,
    dataDir: config.dataDir,
    policy: { ...DEFAULT_FETCH_POLICY, allowPrivate: config.fetchAllowPrivate },
    keywords: await zoneKeywords(config.zoneFile),
    log: createLogger(context.stderr, config.logLevel, (text) => redact(text, config)),
    politeDelayMs: config.fetchDelayMs,
  });
  if (values.json) writeLine(context.stdout, JSON.stringify(report, null, 2));
  else if (report.checks.length === 0)
    writeLine(context.stdout, `No sources are watched: list them in ${config.knowledgeDir}/sources.yaml.`);
  else
    for (const check of report.checks)
      for (const line of describeCheck(check)) writeLine(context.stdout, line);
  return report.checks.some((check) => check.status === "failed") ? 1 : 0;
};

/** `示例日报: new` and then one indented line per item, or `示例日报: failed — <why>`. */
function describeCheck(check: SourceCheck): string[] {
  const head = `${check.name}: ${check.status}${check.error ? ` — ${check.error}` : ""}`;
  return [head, ...check.added.map((outcome) => `  ${describeOutcome(outcome)}`)];
}
