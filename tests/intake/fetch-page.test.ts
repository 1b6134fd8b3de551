import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_FETCH_POLICY, type FetchPolicy, fetchPage } from "../../src/intake/fetch-page.js";

/** The page fetcher against a server on 127.0.0.1 that misbehaves in every way a real site can. */

let server: Server;
let base: string;
let port: number;
const requests: string[] = [];
const HTML = "<html><body><p>示例高新区（合成测试页）。</p></body></html>";

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? "/";
    requests.push(url);
    const [, hops] = /^\/chain\/(\d+)$/.exec(url) ?? [];
    if (hops !== undefined) {
      const n = Number(hops);
      res.writeHead(
        n === 0 ? 200 : 302,
        n === 0 ? { "content-type": "text/html" } : { location: `/chain/${n - 1}` },
      );
      return void res.end(n === 0 ? HTML : "");
    }
    switch (url) {
      case "/page.html":
        res.writeHead(200, { "content-type": "text/html; charset=GBK", etag: '"v1"' });
        return void res.end(HTML);
      case "/etag":
        if (req.headers["if-none-match"] === '"v1"') return void res.writeHead(304).end();
        res.writeHead(200, { "content-type": "text/html", etag: '"v1"' });
        return void res.end(HTML);
      case "/to-other-host":
        res.writeHead(301, { location: `http://127.0.0.2:${port}/page.html` });
        return void res.end();
      case "/huge-declared":
        res.writeHead(200, { "content-type": "text/html", "content-length": String(10_000_000) });
        return void res.end();
      case "/huge-streamed": {
        res.writeHead(200, { "content-type": "text/html" });
        const chunk = "x".repeat(64 * 1024);
        let sent = 0;
        const push = () => {
          while (sent < 100 && res.write(chunk)) sent++;
          if (sent < 100) res.once("drain", push);
          else res.end();
        };
        push();
        return;
      }
      case "/slow":
        res.writeHead(200, { "content-type": "text/html" });
        res.write("<html>");
        return; // never ends
      case "/image.png":
        res.writeHead(200, { "content-type": "image/png" });
        return void res.end("PNG");
      default:
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const policy: FetchPolicy = {
  ...DEFAULT_FETCH_POLICY,
  allowPrivate: ["127.0.0.1"],
  timeoutMs: 1500,
  maxBytes: 256 * 1024,
};
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: { reason?: string; message: string }) => ({ reason: error.reason, message: error.message }),
  );

describe("fetchPage", () => {
  it("returns the bytes exactly as received, with the final url, type, charset and etag", async () => {
    const outcome = await fetchPage(`${base}/page.html`, policy);
    expect(outcome.kind).toBe("fetched");
    if (outcome.kind !== "fetched") return;
    expect(Buffer.from(outcome.page.bytes).toString("utf8")).toBe(HTML);
    expect(outcome.page).toMatchObject({
      url: `${base}/page.html`,
      contentType: "text/html",
      charset: "gbk",
      etag: '"v1"',
    });
  });

  it("sends a conditional request and reports a 304 as not modified", async () => {
    expect(await fetchPage(`${base}/etag`, policy, { etag: '"v1"' })).toEqual({ kind: "not-modified" });
  });

  it("follows up to 5 redirects, and refuses a sixth", async () => {
    const ok = await fetchPage(`${base}/chain/5`, policy);
    expect(ok.kind === "fetched" && ok.page.url).toBe(`${base}/chain/0`);
    expect(await failure(fetchPage(`${base}/chain/6`, policy))).toMatchObject({
      reason: "too-many-redirects",
    });
  });

  it("checks every redirect hop: a redirect to an address that is not allowed is not followed", async () => {
    requests.length = 0;
    expect(await failure(fetchPage(`${base}/to-other-host`, policy))).toMatchObject({
      reason: "blocked",
      message: expect.stringContaining("127.0.0.2 resolves to a loopback address"),
    });
  });

  it("refuses loopback, private and link-local addresses unless allowed", async () => {
    const strict = { ...policy, allowPrivate: false };
    expect(await failure(fetchPage(`${base}/page.html`, strict))).toMatchObject({ reason: "blocked" });
    for (const url of [
      "http://169.254.169.254/latest/meta-data/",
      "http://10.0.0.1/",
      "http://[::1]/",
      "http://0.0.0.0/",
    ]) {
      expect(await failure(fetchPage(url, strict))).toMatchObject({ reason: "blocked" });
    }
  });

  it("fetches only http and https urls without credentials", async () => {
    for (const url of [
      "file:///etc/passwd",
      "ftp://example.org/a.html",
      "javascript:alert(1)",
      "not a url",
      `http://u:p@127.0.0.1:${port}/page.html`,
    ]) {
      expect(await failure(fetchPage(url, policy))).toMatchObject({ reason: "bad-url" });
    }
  });

  it("refuses a page over the size cap, declared or streamed", async () => {
    expect(await failure(fetchPage(`${base}/huge-declared`, policy))).toMatchObject({ reason: "too-large" });
    expect(await failure(fetchPage(`${base}/huge-streamed`, policy))).toMatchObject({ reason: "too-large" });
  });

  it("gives up on a response that never ends, at the deadline", async () => {
    expect(await failure(fetchPage(`${base}/slow`, { ...policy, timeoutMs: 300 }))).toMatchObject({
      reason: "timeout",
    });
  });

  it("refuses what is not a page, and says so for HTTP errors", async () => {
    expect(await failure(fetchPage(`${base}/image.png`, policy))).toMatchObject({ reason: "wrong-type" });
    expect(await failure(fetchPage(`${base}/missing`, policy))).toMatchObject({
      reason: "http-status",
      message: expect.stringContaining("HTTP 404"),
    });
  });

  it("says a port where nothing listens is unreachable", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port: free } = closed.address() as { port: number };
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await failure(fetchPage(`http://127.0.0.1:${free}/`, policy))).toMatchObject({
      reason: "unreachable",
    });
  });
});
