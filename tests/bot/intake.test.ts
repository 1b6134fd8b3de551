import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { IntakeService } from "../../src/bot/intake-service.js";
import { silentLogger } from "../../src/log.js";
import type { Parkbot } from "../../src/parkbot.js";
import { botHarness } from "../helpers/bot-harness.js";
import { realAnswerer } from "../helpers/real-kb.js";

/**
 * News intake from Telegram, through the real bot and IntakeService: the harness records Bot API calls, a loopback
 * server plays both the news site and Telegram's file server. Pages are synthetic (tests/fixtures/zone-kb).
 */

const ARTICLE = readFileSync(
  new URL("../fixtures/zone-kb/raw/002_hightech-count-2020.html", import.meta.url),
);
const ADMIN = 7;
const TOKEN = "123456:TEST-token";

let parkbot: Parkbot;
let server: Server;
let base: string;
let knowledgeDir: string;
const served: string[] = [];

beforeAll(async () => {
  const offline = await realAnswerer();
  parkbot = { articles: offline.articles, offline, answerer: offline, summarizer: undefined as never };
  server = createServer((req, res) => {
    served.push(req.url ?? "");
    if (req.url === "/news/a.html" || req.url === `/file/bot${TOKEN}/documents/report.html`) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return void res.end(ARTICLE);
    }
    if (req.url === "/feed.xml") return void res.writeHead(500).end();
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(async () => {
  knowledgeDir = await mkdtemp(join(tmpdir(), "parkbot-intake-bot-"));
  await mkdir(join(knowledgeDir, "raw"));
  served.length = 0;
});

async function harness(opts: { now?: () => Date; adminIds?: string } = {}) {
  let reloads = 0;
  const h = await botHarness(parkbot, {
    env: {
      ADMIN_USER_IDS: opts.adminIds ?? String(ADMIN),
      KNOWLEDGE_DIR: knowledgeDir,
      FETCH_ALLOW_PRIVATE: "true",
      FETCH_DELAY_MS: "0",
      TELEGRAM_API_ROOT: base,
    },
    intake: (api, config) =>
      new IntakeService({
        config,
        api,
        log: silentLogger,
        keywords: async () => ["示例高新区"],
        reload: async () => {
          reloads++;
        },
        postDigests: async () => "posted",
        now: opts.now,
      }),
  });
  return Object.assign(h, { reloads: () => reloads });
}

const document = (fileName: string, caption?: string) => ({
  message: {
    message_id: 5,
    date: 0,
    chat: { id: ADMIN, type: "private", first_name: "Ann" },
    from: { id: ADMIN, is_bot: false, first_name: "Ann" },
    document: { file_id: "f1", file_unique_id: "u1", file_name: fileName, file_size: ARTICLE.byteLength },
    ...(caption ? { caption } : {}),
  },
});

describe("adding news from Telegram", () => {
  it("an admin's link is fetched, ingested and reported; the knowledge base is reloaded", async () => {
    const h = await harness();
    await h.privateText(`${base}/news/a.html`, { userId: ADMIN });
    const [reply] = h.sent();
    expect(reply?.text).toMatch(
      /^added: 示例高新区高新技术企业增至86家 \(示例日报, 2021-01-18, \d+ sentences\)/,
    );
    expect((await readdir(knowledgeDir)).filter((f) => f.endsWith(".json"))).toHaveLength(1);
    expect(h.reloads()).toBe(1);
    h.clear();
    await h.privateText(`${base}/news/a.html`, { userId: ADMIN });
    expect(h.sent()[0]?.text).toMatch(/^already in the knowledge base/);
    expect(h.reloads()).toBe(1);
  });

  it("anyone else's link gets a polite refusal, and nothing is fetched", async () => {
    const h = await harness();
    await h.privateText(`${base}/news/a.html`, { userId: 99 });
    expect(h.sent()[0]?.text).toBe("只有管理员可以往知识库里添加文章。想提问的话，请用文字描述你的问题。");
    expect(served).toEqual([]);
  });

  it("an admin's .html file is downloaded from Telegram and added, the caption's link as its address", async () => {
    const h = await harness();
    h.bot.api.config.use(async (prev, method, payload, signal) =>
      method === "getFile"
        ? ({
            ok: true,
            result: { file_id: "f1", file_unique_id: "u1", file_path: "documents/report.html" },
          } as never)
        : prev(method, payload, signal),
    );
    await h.bot.handleUpdate({
      update_id: 1,
      ...document("report.html", "https://daily.example.com/a.html"),
    } as never);
    expect(h.sent().at(-1)?.text).toMatch(/^added: 示例高新区高新技术企业增至86家/);
    const sources = readFileSync(join(knowledgeDir, "raw", "sources.json"), "utf8");
    expect(sources).toContain("https://daily.example.com/a.html");
    // The file url holds the token: it is never shown.
    expect(JSON.stringify(h.calls)).not.toContain("TEST-token");
  });

  it("a file of another kind is refused before it is downloaded", async () => {
    const h = await harness();
    await h.bot.handleUpdate({ update_id: 1, ...document("scan.pdf") } as never);
    expect(h.sent()[0]?.text).toBe("只能添加 .html、.txt 或 .md 文件。");
    expect(h.sent("getFile")).toEqual([]);
  });

  it("/fetch_now is for admins; /sources says when nothing is watched", async () => {
    const h = await harness();
    const command = (text: string) => ({
      entities: [{ type: "bot_command", offset: 0, length: text.length }],
    });
    await h.privateText("/fetch_now", { userId: 99, ...command("/fetch_now") });
    expect(h.sent()[0]?.text).toBe("这个命令只有管理员可以使用。");
    h.clear();
    await h.privateText("/sources", { userId: 99, ...command("/sources") });
    expect(h.sent()[0]?.text).toBe("还没有设置关注的新闻来源（knowledge/sources.yaml）。");
  });

  it("a source failing for more than a day is reported to the admins, once a day", async () => {
    await writeFile(join(knowledgeDir, "sources.yaml"), `- name: 示例日报\n  feed: ${base}/feed.xml\n`);
    let now = new Date("2026-01-01T00:00:00Z");
    const h = await harness({ now: () => now });
    const command = { entities: [{ type: "bot_command", offset: 0, length: 10 }] };
    await h.privateText("/fetch_now", { userId: ADMIN, ...command });
    expect(h.sent()[0]?.text).toMatch(/^示例日报 — failed/);
    expect(h.sent().filter((m) => String(m.text).includes("has been failing"))).toEqual([]);
    h.clear();
    for (const hours of [25, 26, 50]) {
      now = new Date(Date.parse("2026-01-01T00:00:00Z") + hours * 3_600_000);
      await h.privateText("/fetch_now", { userId: ADMIN, ...command });
    }
    const reports = h.sent().filter((m) => String(m.text).includes("has been failing"));
    expect(reports.map((m) => m.chat_id)).toEqual([ADMIN, ADMIN]); // at 25 h and at 50 h, not at 26 h
  });
});
