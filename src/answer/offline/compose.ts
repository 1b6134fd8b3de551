import type { Lang } from "../replies.js";
import { AREA, COUNT, DATE, DISTANCE, type IntentName } from "./intents.js";
import type { Support } from "./select.js";

/**
 * The answer text: each supporting excerpt followed by its [n] marker. English questions get an English lead
 * sentence stating the figure, then the Chinese excerpt it comes from.
 */
export function composeAnswer(supports: Support[], intent: IntentName | undefined, lang: Lang): string {
  if (supports.some((s) => s.alternative)) return withAlternatives(supports, intent, lang);
  if (supports.some((s) => s.series)) return asSeries(supports, lang);
  const quoted = supports.map((s, i) => `${s.excerpt}${stop(s.excerpt)}[${i + 1}]`).join(" ");
  if (lang === "zh") return quoted;
  const first = supports.find((s) => !s.context);
  const lead = first ? englishLead(first.excerpt, intent) : "According to the article";
  return `${lead}: ${supports.map((s, i) => `「${s.excerpt}」[${i + 1}]`).join(" ")}`;
}

/**
 * Sources disagree: the newest source's figure with its date, then the others with their source and date, so
 * the reader sees who says what ("规划面积15.8平方公里(2023-03-14)[1]。另有资料称:规划面积12.5平方公里(…)[2]").
 */
function withAlternatives(supports: Support[], intent: IntentName | undefined, lang: Lang): string {
  // Citation numbers follow the supports' order; a context sentence (what "该项目" is) goes before its figure.
  const numbered = supports.map((s, i) => ({ s, n: i + 1 }));
  const lead = (i: number) => {
    const before = numbered[i - 1];
    return before?.s.context
      ? lang === "zh"
        ? `${before.s.excerpt}${stop(before.s.excerpt)}[${before.n}] `
        : `「${before.s.excerpt}」[${before.n}] `
      : "";
  };
  const figures = numbered.map((x, i) => ({ ...x, lead: lead(i) })).filter((x) => !x.s.context);
  const [first, ...others] = figures;
  if (!first) return "";
  const when = (s: Support) => s.sentence.article.date;
  if (lang === "zh") {
    const rest = others.map(
      (x) => `${x.lead}${x.s.excerpt}（${x.s.sentence.article.source}，${when(x.s)}）[${x.n}]`,
    );
    return `${first.lead}${first.s.excerpt}（${when(first.s)}）。[${first.n}] 另有资料称：${rest.join("；")}。`;
  }
  const rest = others.map(
    (x) => `${x.lead}「${x.s.excerpt}」 (${x.s.sentence.article.source}, ${when(x.s)}) [${x.n}]`,
  );
  return `${englishLead(first.s.excerpt, intent)} (${when(first.s)}): ${first.lead}「${first.s.excerpt}」[${first.n}]. Other sources differ: ${rest.join("; ")}.`;
}

/** Figures over time, oldest first, each with its source's date: "142家（2020-01-15）[1] → 198家（…）[2]". */
function asSeries(supports: Support[], lang: Lang): string {
  const items = supports.flatMap((s, i) =>
    s.context
      ? []
      : [
          lang === "zh"
            ? `${s.excerpt}（${s.sentence.article.date}）[${i + 1}]`
            : `「${s.excerpt}」 (${s.sentence.article.date}) [${i + 1}]`,
        ],
  );
  return lang === "zh" ? `按时间先后：${items.join(" → ")}。` : `Over time: ${items.join(" → ")}.`;
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
      // (三家 has no digits: the figure is quoted as written.)
      const figure = m?.replace(/\D+$/, "") || m;
      return figure ? `The number given is ${figure}` : "The article says";
    }
    default:
      return "According to the article";
  }
}

/** The full stop after a quoted excerpt, unless it ends as a question does (an FAQ's 问：…？ quoted as context). */
function stop(excerpt: string): string {
  return /[?？]["”’」』]?$/u.test(excerpt) ? "" : "。";
}
