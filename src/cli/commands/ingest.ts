import { formatIngestReport, ingest } from "../../knowledge/ingest.js";
import { type Command, parseCommandArgs, writeLine } from "../command.js";

/**
 * `parkbot ingest [--dir DIR]`: cleans every raw page under DIR/raw into an article in DIR and prints the report.
 * Exit 1 when any file was rejected; the good ones are still written.
 */
export const ingestCommand: Command = async (context) => {
  const { values } = parseCommandArgs(context.args, {
    dir: { type: "string" },
  });
  const report = await ingest(values.dir ?? context.config.knowledgeDir);
  writeLine(context.stdout, formatIngestReport(report));
  if (report.rejected.length === 0) return 0;
  const files = report.rejected.length === 1 ? "1 raw file was" : `${report.rejected.length} raw files were`;
  writeLine(context.stderr, `ingest: ${files} rejected (listed above); the others were written.`);
  return 1;
};
