import type { Api } from "grammy";
import type { Config } from "../config.js";
import { type AddInput, type AddOutcome, addPages } from "../intake/add.js";
import { describeOutcome } from "../intake/describe.js";
import { DEFAULT_FETCH_POLICY, type FetchPolicy } from "../intake/fetch-page.js";
import { checkSources, type SourceStatus, sourceStatuses } from "../intake/watch.js";
import type { Logger } from "../log.js";
import { MAX_UPLOAD_BYTES } from "./features/intake.js";

export interface IntakeServiceOptions {
  config: Config;
  api: Api;
  log: Logger;
  /** The zone's names: the default keyword filter of a watched source. */
  keywords: () => Promise<string[]>;
  /** Read the knowledge base again (after something was added). */
  reload: () => Promise<unknown>;
  /** Post channel digests now (DIGEST_ON_NEW). */
  postDigests: () => Promise<string>;
  now?: () => Date;
}

/** A source failing for longer than this is reported to the admins, once a day. */
const REPORT_FAILING_AFTER_MS = 24 * 60 * 60_000;

/**
 * News intake inside the running bot: pages an admin sends, and the watched sources on FETCH_CRON or /fetch_now.
 * Runs one at a time (they share knowledge/raw/ and its sources.json); whatever adds an article reloads the
 * knowledge base, so it is answered from at once, and posts digests at once with DIGEST_ON_NEW.
 */
export class IntakeService {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly reported = new Map<string, number>();
  private readonly policy: FetchPolicy;

  constructor(private readonly options: IntakeServiceOptions) {
    this.policy = { ...DEFAULT_FETCH_POLICY, allowPrivate: options.config.fetchAllowPrivate };
  }

  addPages(inputs: AddInput[]): Promise<AddOutcome[]> {
    return this.oneAtATime(async () => {
      const outcomes = await addPages(inputs, {
        knowledgeDir: this.options.config.knowledgeDir,
        policy: this.policy,
      });
      await this.afterAdding(outcomes.filter((o) => o.status === "added").length);
      return outcomes;
    });
  }

  /** Checks every watched source once; the report is one line per source, then what was added. */
  fetchNow(): Promise<string> {
    return this.oneAtATime(async () => {
      const { config, log, keywords } = this.options;
      const report = await checkSources({
        knowledgeDir: config.knowledgeDir,
        dataDir: config.dataDir,
        policy: this.policy,
        keywords: await keywords(),
        log,
        politeDelayMs: config.fetchDelayMs,
        ...(this.options.now ? { now: this.options.now } : {}),
      });
      for (const outcome of report.added) log.info(`intake: ${describeOutcome(outcome)}`);
      await this.afterAdding(report.added.length);
      await this.reportFailingSources();
      if (report.checks.length === 0) return "no sources are watched (knowledge/sources.yaml)";
      const lines = report.checks.map((check) => {
        const added = check.added.filter((o) => o.status === "added").length;
        const detail = check.error ? `: ${check.error}` : added > 0 ? `: ${added} new` : "";
        return `${check.name} — ${check.status}${detail}`;
      });
      return [...lines, ...report.added.map(describeOutcome)].join("\n");
    });
  }

  async describeSources(): Promise<string[]> {
    const { config } = this.options;
    const statuses = await sourceStatuses({ knowledgeDir: config.knowledgeDir, dataDir: config.dataDir });
    return statuses.map(describeStatus);
  }

  /** A file a user sent, from Telegram's file server; its url holds the token, so it is never shown or logged. */
  async download(fileId: string, name: string): Promise<Uint8Array> {
    const { config, api } = this.options;
    const file = await api.getFile(fileId);
    if (!file.file_path) throw new Error(`${name}: Telegram did not give a download path`);
    const url = `${config.telegramApiRoot}/file/bot${config.telegramBotToken}/${file.file_path}`;
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(config.telegramTimeoutMs * 3) });
    } catch {
      throw new Error(`${name}: the download from Telegram failed`);
    }
    if (!response.ok) throw new Error(`${name}: the download from Telegram failed (HTTP ${response.status})`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.byteLength > MAX_UPLOAD_BYTES)
      throw new Error(`${name}: larger than ${MAX_UPLOAD_BYTES} bytes`);
    return bytes;
  }

  private async afterAdding(added: number): Promise<void> {
    if (added === 0) return;
    const { reload, postDigests, config, log } = this.options;
    await reload();
    if (!config.digestOnNew) return;
    try {
      log.info(`new article(s), DIGEST_ON_NEW: ${await postDigests()}`);
    } catch (error) {
      log.error(`digest of new articles failed: ${error instanceof Error ? error.message : error}`);
    }
  }

  /** Tells the admins, once a day, about sources that have failed for more than a day. */
  private async reportFailingSources(): Promise<void> {
    const { config, api, log } = this.options;
    if (config.adminUserIds.length === 0) return;
    const now = (this.options.now?.() ?? new Date()).getTime();
    const statuses = await sourceStatuses({ knowledgeDir: config.knowledgeDir, dataDir: config.dataDir });
    for (const status of statuses) {
      const since = status.failingSince ? Date.parse(status.failingSince) : undefined;
      if (since === undefined || now - since < REPORT_FAILING_AFTER_MS) continue;
      if (now - (this.reported.get(status.name) ?? 0) < REPORT_FAILING_AFTER_MS) continue;
      this.reported.set(status.name, now);
      const text = `news source "${status.name}" has been failing since ${status.failingSince} (${status.failures} tries): ${status.lastError ?? "unknown error"}`;
      for (const admin of config.adminUserIds) {
        await api
          .sendMessage(admin, text)
          .catch((error: unknown) => log.warn(`cannot tell admin ${admin}: ${String(error)}`));
      }
    }
  }

  private oneAtATime<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => {});
    return run;
  }
}

function describeStatus(s: SourceStatus): string {
  const checked = s.lastCheckedAt ? `checked ${s.lastCheckedAt}` : "not checked yet";
  const latest = s.lastNewAt ? `; last new: ${s.lastNewTitle ?? "?"} (${s.lastNewAt})` : "";
  const failing =
    s.failures > 0 ? `; failing since ${s.failingSince} (${s.failures}): ${s.lastError ?? ""}` : "";
  return `• ${s.name} — ${checked}${latest}${failing}`;
}
