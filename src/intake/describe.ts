import type { AddOutcome } from "./add.js";

/**
 * One line per added input, for people: the terminal (`parkbot add`) and an admin's Telegram chat say the same.
 *
 * @example
 * describeOutcome({ input: "https://…", status: "added", article: { title: "…", date: "2024-05-01", … } });
 * // "added: 示例高新区… (示例日报, 2024-05-01, 12 sentences) — https://…"
 */
export function describeOutcome(outcome: AddOutcome): string {
  const a = outcome.article;
  const what = a ? `${a.title} (${a.source}, ${a.date}, ${a.sentences} sentences)` : "";
  switch (outcome.status) {
    case "added":
      return `added: ${what} — ${outcome.input}`;
    case "duplicate":
      return `not added, a repost of ${a ? `${a.title} (${a.date})` : "an article already there"} — recorded as another source of it: ${outcome.input}`;
    case "already-added":
      return `already in the knowledge base${a ? `: ${a.title} (${a.date})` : ""} — ${outcome.input}`;
    case "unreachable":
      return `not added, unreachable: ${outcome.reason}`;
    default:
      return `not added: ${outcome.reason}`;
  }
}
