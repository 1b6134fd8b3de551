import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import iconv from "iconv-lite";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addPages } from "../../src/intake/add.js";
import { DEFAULT_FETCH_POLICY } from "../../src/intake/fetch-page.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { runCli } from "../cli/run-cli.js";

/**
 * `addPages` and `parkbot add` against a loopback site serving synthetic pages about the fictional zone of
 * tests/fixtures/zone-kb: the bytes are kept exactly, the page is ingested, reposts merge, non-articles are
 * taken out again, and adding twice adds nothing.
 */

const RAW = new URL("../fixtures/zone-kb/raw/", import.meta.url);
const ARTICLE = readFileSync(new URL("002_hightech-count-2020.html", RAW));
const OTHER = readFileSync(new URL("004_zone-expansion-2023.html", RAW));
// The same report as a GBK page that does not declare its charset in the page: only the server's header says.
const GBK = iconv.encode(
  readFileSync(new URL("001_zone-overview-2019.html", RAW), "utf8").replace(/<meta charset="utf-8">/i, ""),
  "gbk",
);

let server: Server;
let base: string;
let knowledgeDir: string;
const policy = { ...DEFAULT_FETCH_POLICY, allowPrivate: ["127.0.0.1"], timeoutMs: 3000 };

beforeAll(async () => {
  server = createServer((req, res) => {
    const pages: Record<string, [string, Buffer | string]> = {
      "/news/a.html": ["text/html; charset=utf-8", ARTICLE],
      "/mirror/a-copy.html": ["text/html; charset=utf-8", ARTICLE],
      "/news/gbk.html": ["text/html; charset=gbk", GBK],
      "/news/other.html": ["text/html", OTHER],
      "/nav.html": ["text/html", "<html><body><a href='/'>首页</a> <a href='/x'>下一页</a></body></html>"],
    };
    const page = pages[req.url ?? ""];
    if (!page) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": page[0] });
    res.end(page[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(async () => {
  knowledgeDir = await mkdtemp(join(tmpdir(), "parkbot-add-"));
  await mkdir(join(knowledgeDir, "raw"));
});

const sourcesJson = async () => JSON.parse(await readFile(join(knowledgeDir, "raw", "sources.json"), "utf8"));

describe("addPages", () => {
  it("keeps the bytes as received with url and fetch time, and ingests the article", async () => {
    const [outcome] = await addPages([{ kind: "url", url: `${base}/news/a.html` }], { knowledgeDir, policy });
    expect(outcome).toMatchObject({
      status: "added",
      article: { title: "示例高新区高新技术企业增至86家", date: "2021-01-18", source: "示例日报" },
    });
    expect(outcome?.article?.sentences).toBeGreaterThan(2);
    expect(await readFile(outcome?.raw as string)).toEqual(ARTICLE);
    const [entry] = Object.values(await sourcesJson());
    expect(entry).toMatchObject({
      url: `${base}/news/a.html`,
      fetchedAt: expect.any(String),
      charset: "utf-8",
    });
    const articles = await loadKnowledge(knowledgeDir);
    expect(articles.map((a) => a.title)).toEqual(["示例高新区高新技术企业增至86家"]);
  });

  it("is idempotent: the same url again adds nothing", async () => {
    await addPages([{ kind: "url", url: `${base}/news/a.html` }], { knowledgeDir, policy });
    const before = await readdir(join(knowledgeDir, "raw"));
    const [again] = await addPages([{ kind: "url", url: `${base}/news/a.html#top` }], {
      knowledgeDir,
      policy,
    });
    expect(again).toMatchObject({
      status: "already-added",
      article: { title: "示例高新区高新技术企业增至86家" },
    });
    expect(await readdir(join(knowledgeDir, "raw"))).toEqual(before);
  });

  it("merges a repost from another address into the article it repeats", async () => {
    // Added one after the other, as a feed brings them: the article already in the knowledge base stays the one.
    const first = await addPages([{ kind: "url", url: `${base}/news/a.html` }], { knowledgeDir, policy });
    const second = await addPages([{ kind: "url", url: `${base}/mirror/a-copy.html` }], {
      knowledgeDir,
      policy,
    });
    const outcomes = [...first, ...second];
    expect(outcomes.map((o) => o.status)).toEqual(["added", "duplicate"]);
    expect(outcomes[1]?.article?.id).toBe(outcomes[0]?.article?.id);
    const [article] = await loadKnowledge(knowledgeDir);
    expect(article?.alsoAt?.map((a) => a.url)).toEqual([`${base}/mirror/a-copy.html`]);
  });

  it("decodes a GBK page by the charset its server declared", async () => {
    const [outcome] = await addPages([{ kind: "url", url: `${base}/news/gbk.html` }], {
      knowledgeDir,
      policy,
    });
    expect(outcome?.status).toBe("added");
    const [article] = await loadKnowledge(knowledgeDir);
    expect(article?.title).toContain("示例高新区");
    expect(JSON.stringify(article)).not.toMatch(/\uFFFD/);
  });

  it("takes a page that is not an article out again, saying why", async () => {
    const [outcome] = await addPages([{ kind: "url", url: `${base}/nav.html` }], { knowledgeDir, policy });
    expect(outcome).toMatchObject({ status: "rejected", reason: expect.any(String) });
    expect((await readdir(join(knowledgeDir, "raw"))).filter((n) => n !== "sources.json")).toEqual([]);
    expect(await sourcesJson()).toEqual({});
  });

  it("reports an unreachable page and goes on with the others", async () => {
    const outcomes = await addPages(
      [
        { kind: "url", url: `${base}/gone.html` },
        { kind: "url", url: `${base}/news/other.html` },
      ],
      { knowledgeDir, policy },
    );
    expect(outcomes.map((o) => o.status)).toEqual(["unreachable", "added"]);
    expect(outcomes[0]?.reason).toContain("HTTP 404");
  });

  it("adds a local file the same way, and refuses other kinds of files", async () => {
    const dir = await mkdtemp(join(tmpdir(), "parkbot-files-"));
    await writeFile(join(dir, "report.html"), ARTICLE);
    await writeFile(join(dir, "scan.pdf"), "%PDF");
    const outcomes = await addPages(
      [
        { kind: "file", path: join(dir, "report.html") },
        { kind: "file", path: join(dir, "scan.pdf") },
      ],
      { knowledgeDir, policy },
    );
    expect(outcomes[0]).toMatchObject({ status: "added", article: { date: "2021-01-18" } });
    expect(outcomes[1]).toMatchObject({ status: "rejected", reason: expect.stringContaining("only .html") });
    const [again] = await addPages([{ kind: "file", path: join(dir, "report.html") }], {
      knowledgeDir,
      policy,
    });
    expect(again?.status).toBe("already-added");
  });
});

describe("parkbot add", () => {
  it("prints one line per input and exits 1 when one was not added", async () => {
    const env = { KNOWLEDGE_DIR: knowledgeDir, FETCH_ALLOW_PRIVATE: "true" };
    const first = await runCli(["add", `${base}/news/a.html`, `${base}/nav.html`], { env });
    expect(first.code).toBe(1);
    const lines = first.stdout.trim().split("\n");
    expect(lines[0]).toMatch(
      /^added: 示例高新区高新技术企业增至86家 \(示例日报, 2021-01-18, \d+ sentences\) — http/,
    );
    expect(lines[1]).toMatch(/^not added: /);
    const again = await runCli(["add", "--json", `${base}/news/a.html`], { env });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).outcomes[0].status).toBe("already-added");
  });

  it("does not fetch from loopback unless FETCH_ALLOW_PRIVATE is set", async () => {
    const { code, stdout } = await runCli(["add", `${base}/news/a.html`], {
      env: { KNOWLEDGE_DIR: knowledgeDir },
    });
    expect(code).toBe(1);
    expect(stdout).toContain("loopback address");
  });
});
