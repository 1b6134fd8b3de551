import { analyse } from "chardet";
import { CleanError } from "./errors.js";

/**
 * Raw scraped pages arrive in whatever encoding the site served: UTF-8 (with or without BOM), GBK/GB2312/GB18030,
 * Big5, UTF-16. `decodePage` turns their bytes into text, or fails loudly: a page decoded with the wrong encoding
 * becomes mojibake that would end up quoted in citations, so every decode is fatal and checked.
 *
 * Order: a BOM decides; else the page's own charset declaration, unless the bytes contradict it; else detection.
 */

/** A page's text, and how its encoding was chosen (ingest reports `how`/`note` so lying pages are visible). */
export interface DecodedPage {
  /** Decoded text, BOM removed. */
  text: string;
  /** WHATWG name of the encoding actually used: "utf-8", "gb18030", "big5", "utf-16le" or "utf-16be". */
  encoding: string;
  how: "bom" | "declared" | "detected";
  /** The charset the page declared (meta or XML declaration), as written, lowercased. */
  declared?: string;
  /** Why the declaration was not used, e.g. "declared gbk but bytes are utf-8". */
  note?: string;
}

const BOMS: ReadonlyArray<[number[], string]> = [
  [[0xef, 0xbb, 0xbf], "utf-8"],
  [[0xff, 0xfe], "utf-16le"],
  [[0xfe, 0xff], "utf-16be"],
];

/**
 * Declared labels we honour, mapped the WHATWG way. All GB labels decode as gb18030, a superset of GBK and
 * GB2312 (sites that say gb2312 routinely use GBK-only characters). cp936 is not a WHATWG label, so TextDecoder
 * would reject it; it is Microsoft's name for GBK. Other labels (shift_jis, iso-8859-1, …) are ignored: on a
 * Chinese news site they are wrong, and detection does better.
 */
const LABELS: Readonly<Record<string, string>> = {
  gb2312: "gb18030",
  gbk: "gb18030",
  "x-gbk": "gb18030",
  "gb_2312-80": "gb18030",
  cp936: "gb18030",
  gb18030: "gb18030",
  big5: "big5",
  "big5-hkscs": "big5",
  "x-x-big5": "big5",
  "utf-8": "utf-8",
  utf8: "utf-8",
};

/** Where declarations live; browsers look no further either. */
const DECLARATION_WINDOW = 4096;

/**
 * `<meta charset=…>`, `<meta http-equiv="Content-Type" content="…; charset=…">` (the same `charset=` inside the
 * tag) and `<?xml … encoding="…"?>`. Matched on the bytes read as latin1, which maps every byte to one char, so
 * ASCII markup is found whatever the page's real encoding.
 */
const DECLARATION =
  /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([\w.:-]+)|<\?xml\b[^>]*?\bencoding\s*=\s*["']\s*([\w.:-]+)/i;

/**
 * The ~300 most frequent Chinese characters, simplified and traditional forms. GBK and Big5 byte ranges overlap,
 * so a page often decodes without error in both; the right one reads as common words, the wrong one as a run of
 * rare characters. The share of these characters tells the two apart even in a two-sentence page.
 */
const COMMON_HANZI = new Set(
  "的一是在不了有和人这這中大为為上个個国國我以要他时時来來用们們生到作地于於出就分对對成会會可主发發年动動同工" +
    "也能下过過子说說产產种種面而方后後多定行学學法所民得经經十三之进進着著等部度家电電力里裡如水化高自二理起小物" +
    "现現实實加量都两兩体體制机機当當使点點从從业業本去把性好应應开開它合还還因由其些然前外天政四日那社义義事平形" +
    "相全表间間样樣与與关關各重新线線内內数數正心反你明看原又么麼利比或但质質气氣第向道命此变變条條只没沒结結解问" +
    "問意建月公无無系军軍很情者最立代想已通并並提直题題党黨程展五果料象员員革位入常文总總次品式活设設及管特件长長" +
    "求老头頭基资資边邊流路级級少图圖山统統接知较較将將组組见見计計别別她手角期根论論运運农農指区區市园園省县縣科" +
    "技术術企投项項目",
);

/**
 * Decodes a raw page. `_kind` does not change anything: a .txt/.md that carries a charset declaration is
 * declaring the same thing an HTML page would, so the declaration scan runs for every kind. `headerCharset` is
 * what the server's Content-Type said when the page was fetched (kept in sources.json); the page's own
 * declaration wins over it.
 */
export function decodePage(
  bytes: Uint8Array,
  path: string,
  _kind: "html" | "text",
  headerCharset?: string,
): DecodedPage {
  for (const [bom, encoding] of BOMS) {
    if (!bom.every((byte, i) => bytes[i] === byte)) continue;
    // TextDecoder strips a BOM matching its encoding, so the whole buffer is passed.
    const text = tryDecode(bytes, encoding);
    if (text === undefined)
      throw new CleanError(path, `starts with a ${encoding} BOM but is not valid ${encoding}`);
    return { text, encoding, how: "bom" };
  }

  const declared = findDeclaration(bytes) ?? headerCharset?.toLowerCase();
  const label = declared === undefined ? undefined : LABELS[declared];
  if (declared !== undefined && label !== undefined) {
    // Pages declaring gb2312 while serving UTF-8 are common, and UTF-8 Chinese often decodes *without error* as
    // gb18030 (into 绀轰緥-style mojibake), so a failed decode cannot be relied on to catch the lie. Valid UTF-8
    // with multibyte content is practically never GBK or Big5, so it overrules the declaration.
    const utf8 = label === "utf-8" ? undefined : tryDecode(bytes, "utf-8");
    if (utf8 === undefined || !/[^\p{ASCII}]/u.test(utf8)) {
      const text = tryDecode(bytes, label);
      if (text !== undefined) return { text, encoding: label, how: "declared", declared };
    }
  }

  // Most pages are UTF-8: settle those before asking chardet, which costs more than the rest of decoding.
  const utf8 = declared === undefined ? tryDecode(bytes, "utf-8") : undefined;
  if (utf8 !== undefined) return { text: utf8, encoding: "utf-8", how: "detected" };
  const tried = candidates(bytes);
  const found = detect(bytes, tried);
  if (!found) {
    // One line: ingest prints it next to the other files' results.
    const why = declared === undefined ? "no charset declared" : `declared ${declared}`;
    const utf16 = tried.some((encoding) => encoding.startsWith("utf-16"))
      ? ""
      : "; no BOM or zero bytes, so not UTF-16";
    throw new CleanError(path, `cannot decode: tried ${tried.join(", ")} (${why}${utf16})`);
  }
  const page: DecodedPage = { ...found, how: "detected" };
  if (declared !== undefined) {
    page.declared = declared;
    page.note =
      label === undefined
        ? `declared ${declared}, which is not a supported encoding; bytes are ${found.encoding}`
        : `declared ${declared} but bytes are ${found.encoding}`;
  }
  return page;
}

/** The first charset declaration in the first 4 KB, lowercased. */
function findDeclaration(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, DECLARATION_WINDOW));
  const match = DECLARATION.exec(head.toString("latin1"));
  return (match?.[1] ?? match?.[2])?.toLowerCase();
}

/**
 * Decodes strictly. NUL in the result counts as failure (it is what 8-bit decoders make of UTF-16's zero
 * bytes), and so does U+FFFD from a legacy decoder. In UTF-8/16 a U+FFFD is damage the page already had when it
 * was saved: the rest is still the page, and the cleaner takes the character out as junk.
 */
function tryDecode(bytes: Uint8Array, encoding: string): string | undefined {
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  if (encoding.startsWith("utf-")) return /\0/.test(text) ? undefined : text;
  // NUL, U+FFFD and C1 controls are what a legacy decoder makes of bytes that are not its encoding. ICU's Big5
  // decoder also maps bytes outside Big5 (0xFF, user-defined rows) to private-use characters instead of failing,
  // so text that is more than a sliver private-use is not in this encoding.
  if (/[\0\ufffd\u0080-\u009f]/.test(text)) return undefined;
  const privateUse = text.match(/[\ue000-\uf8ff]/g)?.length ?? 0;
  const nonAscii = text.match(/[^\p{ASCII}]/gu)?.length ?? 0;
  if (privateUse > Math.max(1, nonAscii * 0.05)) return undefined;
  return text;
}

/**
 * chardet's names for the encodings we accept from it. Its UTF-16 recognisers only fire on a BOM, which
 * `decodePage` has already handled, so they are not listed; everything else it reports (Shift_JIS, EUC-KR,
 * windows-125x, …) is not what a Chinese news page is in, and single-byte ones decode anything.
 */
const DETECTABLE: Readonly<Record<string, string>> = { GB18030: "gb18030", Big5: "big5" };

/** Encodings to try for a page with no usable BOM or declaration, most likely first. */
function candidates(bytes: Uint8Array): string[] {
  const ranked = analyse(bytes).map((match) => DETECTABLE[match.name]);
  // Strict UTF-8 first: valid UTF-8 with multibyte content is almost never anything else. chardet does not
  // rank GB18030/Big5 when it sees little double-byte text, so both are tried anyway: a wrong one still has to
  // pass a fatal decode and the common-character comparison. UTF-16 only on zero-byte evidence: it would
  // decode almost any even-length garbage.
  const all = ["utf-8", utf16ByZeros(bytes), ...ranked, "gb18030", "big5"];
  return [...new Set(all.filter((encoding) => encoding !== undefined))];
}

/** The first candidate that decodes, except that GBK and Big5 are compared when both do. */
function detect(bytes: Uint8Array, candidates: string[]): { text: string; encoding: string } | undefined {
  const decoded: Array<{ text: string; encoding: string }> = [];
  for (const encoding of candidates) {
    const text = tryDecode(bytes, encoding);
    if (text !== undefined) decoded.push({ text, encoding });
  }
  const [first] = decoded;
  // chardet's GBK/Big5 verdict is a frequency guess over overlapping byte ranges (it ties them on short texts),
  // so when both decode, let the text itself decide. Ties keep the candidate order.
  const gb = decoded.find((d) => d.encoding === "gb18030");
  const big5 = decoded.find((d) => d.encoding === "big5");
  if (!first || !gb || !big5 || (first !== gb && first !== big5)) return first;
  const [gbShare, big5Share] = [commonShare(gb.text), commonShare(big5.text)];
  if (gbShare === big5Share) return first;
  return gbShare > big5Share ? gb : big5;
}

/**
 * "utf-16le"/"utf-16be" when zero bytes cluster on one side of each byte pair, as ASCII characters in UTF-16 do
 * (LE: `A\0`, BE: `\0A`). Text in 8-bit encodings has no zero bytes. A minority on the other side is allowed for
 * characters like 一 (U+4E00). Needs some ASCII in the text: pure-hanzi UTF-16 without BOM has no zeros.
 */
function utf16ByZeros(bytes: Uint8Array): string | undefined {
  const length = Math.min(bytes.length, DECLARATION_WINDOW);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < length; i++) {
    if (bytes[i] === 0) {
      if (i % 2 === 0) even++;
      else odd++;
    }
  }
  // At least one zero per 50 pairs, and four times as many as on the other side.
  const enough = (zeros: number, other: number) => zeros * 100 >= length && zeros > other * 4;
  if (enough(odd, even)) return "utf-16le";
  if (enough(even, odd)) return "utf-16be";
  return undefined;
}

/** Share of the non-ASCII characters that are common hanzi. */
function commonShare(text: string): number {
  let wide = 0;
  let common = 0;
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80) continue;
    wide++;
    if (COMMON_HANZI.has(char)) common++;
  }
  return wide === 0 ? 0 : common / wide;
}
