import { type AddInput, addPages } from "../../intake/add.js";
import { describeOutcome } from "../../intake/describe.js";
import { DEFAULT_FETCH_POLICY } from "../../intake/fetch-page.js";
import { type Command, parseCommandArgs, UsageError, writeLine } from "../command.js";

/**
 * `parkbot add <url|file>… [--json] [--url URL]`: fetches each url (or reads each local .html/.txt/.md file),
 * keeps it under knowledge/raw/ and ingests it; prints what was added or why not, one line each (`--json`: the
 * outcomes). `--url` gives the address of a single local file whose page does not state it. Exit 1 when any input
 * was rejected or unreachable. After adding, SIGHUP the running bot (or /reload) to answer from the new articles.
 */
export const addCommand: Command = async (context) => {
  const { values, positionals } = parseCommandArgs(context.args, {
    json: { type: "boolean", default: false },
    url: { type: "string" },
  });
  if (positionals.length === 0)
    throw new UsageError("give at least one url or file, e.g. parkbot add https://…");
  if (values.url && positionals.length !== 1) throw new UsageError("--url goes with exactly one local file");
  const inputs: AddInput[] = positionals.map((item) =>
    /^[a-z][a-z0-9+.-]*:\/\//i.test(item)
      ? { kind: "url", url: item }
      : { kind: "file", path: item, ...(values.url ? { url: values.url } : {}) },
  );
  const { config } = context;
  const outcomes = await addPages(inputs, {
    knowledgeDir: config.knowledgeDir,
    policy: { ...DEFAULT_FETCH_POLICY, allowPrivate: config.fetchAllowPrivate },
  });
  if (values.json) writeLine(context.stdout, JSON.stringify({ outcomes }, null, 2));
  else for (const outcome of outcomes) writeLine(context.stdout, describeOutcome(outcome));
  return outcomes.some((o) => o.status === "rejected" || o.status === "unreachable") ? 1 : 0;
};
