import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodePage } from "../../src/knowledge/decode.js";
import { CleanError } from "../../src/knowledge/errors.js";

// Fictional texts only: 示例高新区 / 示例科技園 are made-up zones.
const SIMPLIFIED =
  "示例高新区管委会今天发布消息，园区新建的研发中心已经正式投入使用。" +
  "该中心面向区内企业开放，提供产品检测、技术咨询和人才培训等服务。" +
  "管委会有关负责人表示，今年园区还将引进一批新的科技项目，进一步提高企业的创新能力。" +
  "目前，已有十多家企业提出了使用申请。";
const TRADITIONAL =
  "示例科技園管理委員會今天發布消息，園區新建的研發中心已經正式投入使用。" +
  "該中心面向區內企業開放，提供產品檢測、技術諮詢和人才培訓等服務。" +
  "管理委員會有關負責人表示，今年園區還將引進一批新的科技項目，進一步提高企業的創新能力。" +
  "目前，已有十多家企業提出了使用申請。";
const SHORT_SIMPLIFIED = "示例高新区今年新建了两个研发中心。这些中心将为区内企业提供技术服务。";
const SHORT_TRADITIONAL = "示例科技園今年新建了兩個研發中心。這些中心將為園區企業提供技術服務。";
// One clause: chardet gives GB18030 and Big5 the same confidence here and lists Big5 first.
const TINY_SIMPLIFIED = "园区企业数量增加。";
const TINY_TRADITIONAL = "園區企業數量增加。";

const html = (head: string, body: string) =>
  `<!DOCTYPE html>\n<html>\n<head>\n${head}\n<title>示例</title>\n</head>\n<body>\n<p>${body}</p>\n</body>\n</html>\n`;

/** Encodes with iconv-lite, which silently writes "?" for characters the encoding lacks — so check it did not. */
function bytes(text: string, encoding: string): Uint8Array {
  const encoded = iconv.encode(text, encoding);
  expect(iconv.decode(encoded, encoding)).toBe(text);
  return new Uint8Array(encoded);
}
const withBom = (bom: number[], body: Uint8Array) => new Uint8Array([...bom, ...body]);

describe("decodePage: BOM", () => {
  it("reads UTF-8 without BOM", () => {
    const page = decodePage(bytes(SIMPLIFIED, "utf8"), "raw/a.txt", "text");
    expect(page).toEqual({ text: SIMPLIFIED, encoding: "utf-8", how: "detected" });
  });

  it("removes a UTF-8 BOM", () => {
    const page = decodePage(withBom([0xef, 0xbb, 0xbf], bytes(SIMPLIFIED, "utf8")), "raw/a.txt", "text");
    expect(page).toEqual({ text: SIMPLIFIED, encoding: "utf-8", how: "bom" });
  });

  it("reads UTF-16LE and UTF-16BE with BOM", () => {
    const le = decodePage(withBom([0xff, 0xfe], bytes(SIMPLIFIED, "utf16le")), "raw/a.txt", "text");
    expect(le).toEqual({ text: SIMPLIFIED, encoding: "utf-16le", how: "bom" });
    const be = decodePage(withBom([0xfe, 0xff], bytes(TRADITIONAL, "utf16be")), "raw/a.txt", "text");
    expect(be).toEqual({ text: TRADITIONAL, encoding: "utf-16be", how: "bom" });
  });

  it("detects UTF-16LE without BOM from its zero bytes", () => {
    const page = html("", SIMPLIFIED);
    const decoded = decodePage(bytes(page, "utf16le"), "raw/a.html", "html");
    expect(decoded).toEqual({ text: page, encoding: "utf-16le", how: "detected" });
  });
});

describe("decodePage: declared charset", () => {
  it("uses <meta charset=gbk>", () => {
    const page = html('<meta charset="gbk">', SIMPLIFIED);
    const decoded = decodePage(bytes(page, "gbk"), "raw/a.html", "html");
    expect(decoded).toEqual({ text: page, encoding: "gb18030", how: "declared", declared: "gbk" });
  });

  it("uses an http-equiv Content-Type declaring GB2312", () => {
    const page = html('<meta http-equiv="Content-Type" content="text/html; charset=GB2312" />', SIMPLIFIED);
    const decoded = decodePage(bytes(page, "gbk"), "raw/a.htm", "html");
    expect(decoded).toEqual({ text: page, encoding: "gb18030", how: "declared", declared: "gb2312" });
  });

  it("uses an XML declaration", () => {
    const page = `<?xml version="1.0" encoding="GB2312"?>\n<article><p>${SIMPLIFIED}</p></article>\n`;
    const decoded = decodePage(bytes(page, "gbk"), "raw/a.html", "html");
    expect(decoded).toEqual({ text: page, encoding: "gb18030", how: "declared", declared: "gb2312" });
  });

  it("uses a declared Big5 charset", () => {
    const page = html("<meta charset='big5'>", TRADITIONAL);
    const decoded = decodePage(bytes(page, "big5"), "raw/a.html", "html");
    expect(decoded).toEqual({ text: page, encoding: "big5", how: "declared", declared: "big5" });
  });

  it("falls back to UTF-8 when a page declares gb2312 but is UTF-8", () => {
    // UTF-8 Chinese can decode without error as gb18030 (into mojibake), so the declaration must be overruled
    // even though it "works"; the short page below is such a case.
    for (const body of [SIMPLIFIED, "示例高新区今年新建了研发中心abc"]) {
      const page = html('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', body);
      const decoded = decodePage(bytes(page, "utf8"), "raw/a.html", "html");
      expect(decoded).toEqual({
        text: page,
        encoding: "utf-8",
        how: "detected",
        declared: "gb2312",
        note: "declared gb2312 but bytes are utf-8",
      });
    }
  });

  it("falls back to detection when a page declares utf-8 but is GBK", () => {
    const page = html('<meta charset="utf-8">', SIMPLIFIED);
    const decoded = decodePage(bytes(page, "gbk"), "raw/a.html", "html");
    expect(decoded).toEqual({
      text: page,
      encoding: "gb18030",
      how: "detected",
      declared: "utf-8",
      note: "declared utf-8 but bytes are gb18030",
    });
  });

  it("honours a declaration in a .txt too", () => {
    const page = `<meta charset="big5">\n${TRADITIONAL}\n`;
    const decoded = decodePage(bytes(page, "big5"), "raw/a.txt", "text");
    expect(decoded).toMatchObject({ text: page, encoding: "big5", how: "declared" });
  });
});

describe("decodePage: detection", () => {
  it("detects GBK text with no declaration", () => {
    const decoded = decodePage(bytes(SIMPLIFIED, "gbk"), "raw/a.txt", "text");
    expect(decoded).toEqual({ text: SIMPLIFIED, encoding: "gb18030", how: "detected" });
  });

  it("detects Big5 text with no declaration", () => {
    const decoded = decodePage(bytes(TRADITIONAL, "big5"), "raw/a.txt", "text");
    expect(decoded).toEqual({ text: TRADITIONAL, encoding: "big5", how: "detected" });
  });

  it("tells short GBK and Big5 texts apart by their common characters", () => {
    // Each byte string decodes without error in both encodings; the wrong decode is a run of rare characters.
    for (const [text, encoding] of [
      [SHORT_SIMPLIFIED, "gb18030"],
      [TINY_SIMPLIFIED, "gb18030"],
    ] as const) {
      const decoded = decodePage(bytes(text, "gbk"), "raw/a.txt", "text");
      expect(decoded).toEqual({ text, encoding, how: "detected" });
    }
    for (const text of [SHORT_TRADITIONAL, TINY_TRADITIONAL]) {
      const decoded = decodePage(bytes(text, "big5"), "raw/a.txt", "text");
      expect(decoded).toEqual({ text, encoding: "big5", how: "detected" });
    }
  });

  it("rejects binary garbage with a one-line CleanError naming the file and the encodings tried", () => {
    // A fixed pseudo-random sequence (LCG), so the test does not depend on luck.
    const garbage = new Uint8Array(2048);
    let seed = 12345;
    for (let i = 0; i < garbage.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      garbage[i] = seed >>> 24;
    }
    let error: unknown;
    try {
      decodePage(garbage, "raw/garbage.html", "html");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CleanError);
    const message = (error as CleanError).message;
    expect(message).toBe(
      "raw/garbage.html: cannot decode: tried utf-8, gb18030, big5 (no charset declared; no BOM or zero bytes, so not UTF-16)",
    );
    expect(message).not.toContain("\n");
  });
});
