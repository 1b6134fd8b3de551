import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createOfflineAnswerer, type OfflineAnswerer } from "../../src/answer/offline/offline-answerer.js";
import { ingest } from "../../src/knowledge/ingest.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { loadLexicon } from "../../src/search/lexicon.js";

/** The many-article fixture (synthetic: a fictional zone and its neighbours), see tests/fixtures/zone-kb/README.md. */
export const ZONE_KB = fileURLToPath(new URL("../fixtures/zone-kb", import.meta.url));

/** The fixture's raw pages ingested into a fresh folder, and the offline answerer over it with the fixture's zone. */
export interface ZoneKb {
  dir: string;
  offline: OfflineAnswerer;
  /** Removes the folder. */
  cleanup(): Promise<void>;
}

export async function openZoneKb(): Promise<ZoneKb> {
  const dir = await mkdtemp(join(tmpdir(), "parkbot-zone-kb-"));
  await cp(join(ZONE_KB, "raw"), join(dir, "raw"), { recursive: true });
  await ingest(dir);
  const offline = createOfflineAnswerer(
    await loadKnowledge(dir),
    await loadLexicon(undefined, join(ZONE_KB, "zone.json")),
  );
  return { dir, offline, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
