import { checkHost } from "./address-check.js";

/** How pages are fetched: every limit a hostile or broken server could otherwise push past. */
export interface FetchPolicy {
  /** The whole fetch, redirects and body included. */
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  /**
   * Loopback and private addresses (FETCH_ALLOW_PRIVATE): off, except for tests and intranet sources; a list
   * allows just those addresses.
   */
  allowPrivate: boolean | readonly string[];
  userAgent: string;
}

export const DEFAULT_FETCH_POLICY: FetchPolicy = {
  timeoutMs: 20_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  allowPrivate: false,
  userAgent: "parkbot/0.1 (news intake for a Q&A bot; respects robots.txt)",
};

/** What a fetch may accept, by content type. */
export const CONTENT_TYPES = {
  page: ["text/html", "application/xhtml+xml", "text/plain", "text/markdown", "text/x-markdown"],
  feed: [
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "application/rdf+xml",
    "text/html", // some servers label feeds wrongly; the parser decides
  ],
  robots: ["text/plain"],
} as const;
export type Accept = keyof typeof CONTENT_TYPES;

/** A page exactly as received. */
export interface FetchedPage {
  /** The url asked for, and the one the content came from after redirects. */
  requestedUrl: string;
  url: string;
  bytes: Uint8Array;
  /** The media type without parameters (`text/html`), and the charset the server declared, if any. */
  contentType: string;
  charset?: string;
  etag?: string;
  lastModified?: string;
  fetchedAt: string;
}

export type FetchOutcome = { kind: "fetched"; page: FetchedPage } | { kind: "not-modified" };

export type FetchFailure =
  | "bad-url"
  | "blocked"
  | "unreachable"
  | "timeout"
  | "http-status"
  | "too-many-redirects"
  | "too-large"
  | "wrong-type";

/** A fetch that did not produce a page; the message is one line, safe to show to whoever asked. */
export class FetchError extends Error {
  override name = "FetchError";
  constructor(
    readonly reason: FetchFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * GETs one url under the policy: http(s) only; every hop's host checked (checkHost) and redirects followed by hand
 * (at most `maxRedirects`); one deadline for everything; the body read up to `maxBytes` and refused beyond; the
 * content type checked against what the caller expects. With `etag`/`lastModified` the request is conditional, and
 * a 304 is `not-modified`. No script ever runs: the bytes are only decoded and cleaned later.
 */
export async function fetchPage(
  url: string,
  policy: FetchPolicy,
  options: { accept?: Accept; etag?: string; lastModified?: string; now?: () => Date } = {},
): Promise<FetchOutcome> {
  const accept = options.accept ?? "page";
  const deadline = AbortSignal.timeout(policy.timeoutMs);
  let current = parseUrl(url);
  for (let hop = 0; ; hop++) {
    const blocked = await checkHost(current.hostname, policy.allowPrivate);
    if (blocked) throw new FetchError("blocked", blocked);
    let response: Response;
    try {
      response = await fetch(current, {
        redirect: "manual",
        signal: deadline,
        headers: {
          "user-agent": policy.userAgent,
          accept: `${CONTENT_TYPES[accept].join(", ")};q=0.9, */*;q=0.1`,
          ...(options.etag ? { "if-none-match": options.etag } : {}),
          ...(options.lastModified ? { "if-modified-since": options.lastModified } : {}),
        },
      });
    } catch (error) {
      throw networkFailure(error, current, policy);
    }
    if (response.status >= 300 && response.status < 400 && response.status !== 304) {
      await response.body?.cancel();
      const location = response.headers.get("location");
      if (!location) throw new FetchError("http-status", `${current.href}: redirect without a location`);
      if (hop >= policy.maxRedirects) {
        throw new FetchError("too-many-redirects", `${url}: more than ${policy.maxRedirects} redirects`);
      }
      current = parseUrl(new URL(location, current).href);
      continue;
    }
    if (response.status === 304) {
      await response.body?.cancel();
      return { kind: "not-modified" };
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new FetchError("http-status", `${current.href}: HTTP ${response.status}`, response.status);
    }
    const [type = "", ...params] = (response.headers.get("content-type") ?? "").split(";");
    const contentType = type.trim().toLowerCase() || "application/octet-stream";
    if (!(CONTENT_TYPES[accept] as readonly string[]).includes(contentType)) {
      await response.body?.cancel();
      throw new FetchError("wrong-type", `${current.href}: ${contentType} is not a ${accept}`);
    }
    const bytes = await readCapped(response, current, policy);
    const charset = params
      .map((p) => /^\s*charset\s*=\s*"?([^";\s]+)/i.exec(p)?.[1])
      .find((c) => c !== undefined);
    return {
      kind: "fetched",
      page: {
        requestedUrl: url,
        url: current.href,
        bytes,
        contentType,
        ...(charset ? { charset: charset.toLowerCase() } : {}),
        ...(response.headers.get("etag") ? { etag: response.headers.get("etag") as string } : {}),
        ...(response.headers.get("last-modified")
          ? { lastModified: response.headers.get("last-modified") as string }
          : {}),
        fetchedAt: (options.now?.() ?? new Date()).toISOString(),
      },
    };
  }
}

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new FetchError("bad-url", `not a url: ${JSON.stringify(text.slice(0, 200))}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new FetchError("bad-url", `only http and https urls are fetched, not ${url.protocol}`);
  }
  if (url.username || url.password) throw new FetchError("bad-url", "urls with credentials are not fetched");
  return url;
}

/** The body, refused as soon as it passes the cap (a declared length over it is refused before reading). */
async function readCapped(response: Response, url: URL, policy: FetchPolicy): Promise<Uint8Array> {
  const tooLarge = () => new FetchError("too-large", `${url.href}: larger than ${policy.maxBytes} bytes`);
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > policy.maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > policy.maxBytes) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof FetchError) throw error;
    throw networkFailure(error, url, policy);
  }
  return Buffer.concat(chunks);
}

function networkFailure(error: unknown, url: URL, policy: FetchPolicy): FetchError {
  const name = (error as Error)?.name;
  if (name === "TimeoutError" || name === "AbortError") {
    return new FetchError("timeout", `${url.href}: no complete answer within ${policy.timeoutMs} ms`);
  }
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return new FetchError(
    "unreachable",
    `${url.href}: unreachable (${cause?.code ?? cause?.message ?? String(error)})`,
  );
}
