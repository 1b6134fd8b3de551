import type { Lang } from "../replies.js";
import { AREA, COUNT, DATE, DISTANCE, type IntentName } from "./intents.js";
import type { Support } from "./select.js";

/**
 * The answer text: each supporting excerpt followed by its [n] marker. English questions get an English lead
 * sentence stating the figure, then the Chinese excerpt it comes from.
 */
export function composeAnswer(supports: Support[], intent: IntentName | undefined, lang: Lang): string {
  if (supports.some((s) => s.alternative)) return withAlternatives(supports, intent, lang);
  const quoted = supports.map((s, i) => `${s.excerpt}。[${i + 1}]`).join(" ");
  if (lang === "zh") return quoted;
  const first = supports[0];
  const lead = first ? englishLead(first.excerpt, intent) : "According to the article";
  return `${lead}: ${supports.map((s, i) => `「${s.excerpt}」[${i + 1}]`).join(" ")}`;
}

/**
 * Sources disagree: the newest source's figure with its date, then the others with their source and date, so
 * the reader sees who says what ("规划面积15.8平方公里(2023-03-14)[1]。另有资料称:规划面积12.5平方公里(…)[2]").
 */
function withAlternatives(supports: Support[], intent: IntentName | undefined, lang: Lang): string {
  const [first, ...others] = supports;
  if (!first) return "";
  const when = (s: Support) => s.sentence.article.date;
  if (lang === "zh") {
    const rest = others.map((s, i) => `${s.excerpt}（${s.sentence.article.source}，${when(s)}）[${i + 2}]`);
    return `${first.excerpt}（${when(first)}）。[1] 另有资料称：${rest.join("；")}。`;
  }
  const rest = others.map((s, i) => `「${s.excerpt}」 (${s.sentence.article.source}, ${when(s)}) [${i + 2}]`);
  return `${englishLead(first.excerpt, intent)} (${when(first)}): 「${first.excerpt}」[1]. Other sources differ: ${rest.join("; ")}.`;
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

function englishDate(text: string): string {
  const m = /(?:(\d{4})年)?(?:(\d{1,2})月(?:(\d{1,2})(?:-(\d{1,2}))?日)?)?/.exec(text);
  if (!m) return text;
  const [, year, month, day, dayTo] = m;
  const monthName = month ? MONTHS[Number(month) - 1] : undefined;
  const days = day ? (dayTo ? `${day}–${dayTo} ` : `${day} `) : "";
  return [monthName ? `${days}${monthName}` : "", year ?? ""].filter(Boolean).join(" ");
}

function englishLead(excerpt: string, intent: IntentName | undefined): string {
  switch (intent) {
    case "area": {
      const m = AREA.exec(excerpt)?.[0];
      const planned = excerpt.includes("规划") ? "planned " : "";
      return m
        ? `The ${planned}area is ${m.replace(/平方公里|平方千米/, " square kilometres (km²)")}`
        : "The article says";
    }
    case "distance": {
      const m = DISTANCE.exec(excerpt)?.[0];
      return m ? `It is ${m.replace(/公里|千米/, " km")} away` : "The article says";
    }
    case "when": {
      const m = DATE.exec(excerpt)?.[0];
      if (!m) return "The article says";
      const date = englishDate(m);
      return /^\d{1,2}[–\d]* /.test(date) ? `On ${date}` : `In ${date}`;
    }
    case "count": {
      const m = COUNT.exec(excerpt)?.[0];
      return m ? `The number given is ${m.replace(/\D+$/, "")}` : "The article says";
    }
    default:
      return "According to the article";
  }
}
