import { createRequire } from "node:module";

type Pinyin = typeof import("pinyin-pro").pinyin;

/**
 * pinyin-pro, loaded on first use. Its dictionary costs tens of milliseconds to load, and most questions never
 * need a reading (only words the knowledge base lacks are checked for sound-alikes), so start-up does not pay for
 * it. Loaded synchronously (its CommonJS build) because the callers are synchronous.
 */
let loaded: Pinyin | undefined;

export const pinyin: Pinyin = ((...args: Parameters<Pinyin>) => {
  loaded ??= (createRequire(import.meta.url)("pinyin-pro") as typeof import("pinyin-pro")).pinyin;
  return (loaded as (...a: Parameters<Pinyin>) => unknown)(...args);
}) as Pinyin;
