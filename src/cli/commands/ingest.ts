import { formatIngestReport, ingest, isOutOfDate } from "../../knowledge/ingest.js";
import { type Command, parseCommandArgs, writeLine } from "../command.js";

/**
 * `parkbot ingest [--dir DIR] [--check] [--json]`: cleans every raw page under DIR/raw into an article in DIR
 * and prints the report (`--json`: the report object). Exit 1 when any file was rejected; the good ones are
 * still written. `--check` writes nothing and exits 1 when DIR is out of date with DIR/raw (for CI).
 */
export const ingestCommand: Command = async (context) => {
  const { values } = parseCommandArgs(context.args, {
    dir: { type: "string" },
    check: { type: "boolean" },
    json: { type: "boolean" },
  });
  const check = values.check === true;
  const report = await ingest(values.dir ?? context.config.knowledgeDir, { check });
  writeLine(context.stdout, values.json ? JSON.stringify(report, null, 2) : formatIngestReport(report));
  if (check && isOutOfDate(report)) {
    writeLine(
      context.stderr,
      "ingest --check: knowledge/ is out of date with raw/; run `npm run ingest` and commit.",
    );
    return 1;
  }
  if (report.rejected.length === 0) return 0;
  const files = report.rejected.length === 1 ? "1 raw file was" : `${report.rejected.length} raw files were`;
  const written = check ? "" : "; the others were written";
  writeLine(context.stderr, `ingest: ${files} rejected (listed above)${written}.`);
  return 1;
};
