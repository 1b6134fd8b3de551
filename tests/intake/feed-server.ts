import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import iconv from "iconv-lite";

/**
 * Loopback "sites" for the watcher tests: each an HTTP server on 127.0.0.1 with routes the test sets and changes,
 * recording every request. Everything served is synthetic (tests/fixtures/feeds, about the fictional 示例高新区).
 */

const FIXTURES = new URL("../fixtures/feeds/", import.meta.url);

/** A fixture page as UTF-8 text. */
export function fixture(name: string): string {
  return readFileSync(new URL(name, FIXTURES), "utf8");
}

/** A fixture page encoded as GBK (its text is written in UTF-8 on disk). */
export function gbkFixture(name: string): Buffer {
  return iconv.encode(fixture(name), "gbk");
}

export interface Route {
  status?: number;
  /** Content-Type header. */
  type?: string;
  body?: string | Buffer;
  /** Answered 304 when the request's If-None-Match is this. */
  etag?: string;
  /** Answered 302 to this location. */
  redirect?: string;
  /** Never answers (the client's deadline has to end it). */
  hang?: true;
  /** Streams this many bytes without a Content-Length (only a running count can stop it). */
  streamBytes?: number;
}

export interface SeenRequest {
  path: string;
  headers: IncomingHttpHeaders;
  status: number;
}

export interface Site {
  /** `http://127.0.0.1:<port>` */
  base: string;
  routes: Map<string, Route>;
  requests: SeenRequest[];
  /** Most requests this site had in flight at once. */
  maxInFlight: number;
  paths(): string[];
  close(): Promise<void>;
}

export async function startSite(): Promise<Site> {
  const routes = new Map<string, Route>();
  const requests: SeenRequest[] = [];
  let inFlight = 0;
  const site = { routes, requests, maxInFlight: 0 } as Site;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const route = routes.get(path);
    const seen: SeenRequest = { path, headers: req.headers, status: 0 };
    requests.push(seen);
    inFlight++;
    site.maxInFlight = Math.max(site.maxInFlight, inFlight);
    res.on("close", () => {
      inFlight--;
    });
    const answer = (status: number, headers: Record<string, string> = {}, body?: string | Buffer) => {
      seen.status = status;
      res.writeHead(status, headers).end(body);
    };
    if (!route) return answer(404, { "content-type": "text/plain" }, "not found");
    if (route.hang) {
      seen.status = -1;
      return;
    }
    if (route.redirect) return answer(302, { location: route.redirect });
    if (route.etag && req.headers["if-none-match"] === route.etag) return answer(304, { etag: route.etag });
    if (route.streamBytes) {
      seen.status = 200;
      res.writeHead(200, { "content-type": route.type ?? "text/html" });
      const chunk = Buffer.alloc(16 * 1024, "<p>示例</p>");
      let sent = 0;
      const pump = () => {
        while (sent < (route.streamBytes ?? 0)) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end();
      };
      res.on("error", () => {});
      return pump();
    }
    const headers: Record<string, string> = { "content-type": route.type ?? "text/html; charset=utf-8" };
    if (route.etag) headers.etag = route.etag;
    answer(route.status ?? 200, headers, route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  site.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  site.paths = () => requests.map((r) => r.path);
  site.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return site;
}

/** A port nothing listens on: bound, read and released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface FeedItem {
  title: string;
  link: string;
  summary: string;
  /** ISO date. */
  date: string;
}

const xml = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/** An RSS 2.0 feed of synthetic items. */
export function rssFeed(title: string, items: readonly FeedItem[]): string {
  const entries = items.map(
    (item) => `    <item>
      <title>${xml(item.title)}</title>
      <link>${xml(item.link)}</link>
      <description>${xml(item.summary)}</description>
      <pubDate>${new Date(item.date).toUTCString()}</pubDate>
      <guid isPermaLink="true">${xml(item.link)}</guid>
    </item>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<!-- SYNTHETIC TEST DATA: fictional zone, not real news -->
<rss version="2.0">
  <channel>
    <title>${xml(title)}</title>
    <link>http://example.org/</link>
    <description>虚构测试站点</description>
${entries.join("\n")}
  </channel>
</rss>
`;
}

/** An Atom feed of synthetic items. */
export function atomFeed(title: string, items: readonly FeedItem[]): string {
  const entries = items.map(
    (item, i) => `  <entry>
    <title type="text">${xml(item.title)}</title>
    <link rel="alternate" href="${xml(item.link)}"/>
    <id>tag:example.org,2025:${i}</id>
    <updated>${item.date}T09:00:00+08:00</updated>
    <summary>${xml(item.summary)}</summary>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<!-- SYNTHETIC TEST DATA: fictional zone, not real news -->
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>${xml(title)}</title>
  <id>tag:example.org,2025:feed</id>
  <updated>2025-03-20T00:00:00Z</updated>
${entries.join("\n")}
</feed>
`;
}
