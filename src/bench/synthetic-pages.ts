import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Raw pages for the ingest benchmark: seeded, synthetic news scrapes about fictional parks (示例/样本/演示 …),
 * in the shapes ingest meets — .txt scrapes with chrome and a second copy, HTML pages with header/nav/footer,
 * and every tenth page a repost of an earlier one on another date. Nothing here is a real place or fact.
 */

/** A small deterministic PRNG (mulberry32), so every run ingests the same pages. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PARKS = ["示例高新区", "样本经开区", "演示工业园", "虚构科技城", "假想产业园"];
const TOPICS = ["智能装备", "新材料", "电子信息", "生物医药", "新能源汽车", "现代物流"];
const VERBS = ["签约", "开工", "投产", "竣工", "揭牌", "落户"];

function sentence(next: () => number): string {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  const n = 1 + Math.floor(next() * 900);
  const shapes = [
    () => `${pick(PARKS)}${pick(TOPICS)}项目${pick(VERBS)},总投资${n}亿元。`,
    () => `${pick(PARKS)}规划面积${(n / 10).toFixed(2)}平方公里,距示例机场${n % 60}公里。`,
    () => `今年以来,${pick(PARKS)}新引进${pick(TOPICS)}企业${n}家,其中规模以上企业${n % 40}家。`,
    () =>
      `${2000 + (n % 25)}年${1 + (n % 12)}月,${pick(PARKS)}举行${pick(TOPICS)}产业推介会,${n % 90}家企业参加。`,
  ];
  return pick(shapes)();
}

function body(next: () => number): string[] {
  return Array.from({ length: 3 + Math.floor(next() * 3) }, () =>
    Array.from({ length: 2 + Math.floor(next() * 3) }, () => sentence(next)).join(""),
  );
}

function date(next: () => number): string {
  const y = 2015 + Math.floor(next() * 10);
  const m = 1 + Math.floor(next() * 12);
  const d = 1 + Math.floor(next() * 28);
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function txtPage(title: string, when: string, paragraphs: string[]): string {
  const copy = [title, `来源:示例新闻网 日期:${when} 点击:`, ...paragraphs.map((p) => `  ${p}`)];
  return ["SYNTHETIC BENCHMARK PAGE", "当前位置:首页 > 新闻 >", "", ...copy, "", "返回顶部", ...copy].join(
    "\n",
  );
}

function htmlPage(title: string, when: string, paragraphs: string[], url: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><!-- SYNTHETIC BENCHMARK PAGE -->
<title>${title} - 示例门户</title><meta property="og:site_name" content="示例门户">
<meta property="article:published_time" content="${when}T09:00:00+08:00"><link rel="canonical" href="${url}"></head>
<body><header><nav><a href="/">首页</a> <a href="/news">新闻</a></nav></header>
<main><article><h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join("")}</article></main>
<aside><ul><li>相关新闻 2019-01-01</li></ul></aside><footer>版权所有 示例门户 示ICP备00000000号</footer></body></html>`;
}

/** Writes `count` pages into `<dir>/raw` (plus sources.json for the .txt ones); returns the directory. */
export async function writeSyntheticPages(dir: string, count: number, seed = 1): Promise<string> {
  const next = prng(seed);
  const raw = join(dir, "raw");
  await mkdir(raw, { recursive: true });
  const sources: Record<string, { url: string }> = {};
  const stories: Array<{ title: string; paragraphs: string[] }> = [];
  for (let i = 0; i < count; i++) {
    const repost = i % 10 === 9 && stories.length > 0;
    const story = repost
      ? (stories[Math.floor(next() * stories.length)] as { title: string; paragraphs: string[] })
      : { title: `${PARKS[i % PARKS.length]}第${i}期动态`, paragraphs: body(next) };
    if (!repost) stories.push(story);
    const name = `${String(i).padStart(5, "0")}_page-${i}`;
    const url = `https://news${i % 7}.example.org/${i}.html`;
    if (i % 2 === 0) {
      await writeFile(join(raw, `${name}.txt`), txtPage(story.title, date(next), story.paragraphs));
      sources[`${name}.txt`] = { url };
    } else
      await writeFile(join(raw, `${name}.html`), htmlPage(story.title, date(next), story.paragraphs, url));
  }
  await writeFile(join(raw, "sources.json"), JSON.stringify(sources));
  return dir;
}
