import { FormatProblem } from "./errors.js";

/**
 * The article id for a raw file: the file name without extension and without a leading `NNN_` ordering prefix,
 * lowercased, with every character outside [a-z0-9-] replaced by `-` (`000_b860dba5ce0ec7a0.txt` →
 * `b860dba5ce0ec7a0`). Throws FormatProblem when nothing usable is left (e.g. an all-Chinese file name).
 */
export function articleIdFromFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = base.lastIndexOf(".");
  const stem = dot > 0 ? base.slice(0, dot) : base;
  const id = stem
    .replace(/^\d+_/, "")
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "-");
  if (!/[a-z0-9]/.test(id)) {
    throw new FormatProblem(`cannot derive an article id from the file name (use latin letters/digits)`);
  }
  return id;
}
