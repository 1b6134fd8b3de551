import { describe, expect, it } from "vitest";
import { TextIndex } from "../../src/search/text-index.js";

/** The fragment index answers exactly what a scan of every text would, for fragments of any length. */
describe("TextIndex", () => {
  const texts = ["示例高新区位于示例市东北部", "园区距示例港12公里", "示例港是内河港口", "高新区", ""];
  const index = new TextIndex();
  for (const t of texts) index.add(t);
  index.freeze();
  const scan = (f: string) => texts.flatMap((t, i) => (t.includes(f) ? [i] : []));

  it.each(["示", "港", "示例", "示例港", "高新区", "东北部", "12公里", "港口", "不存在", "例港是内"])(
    "finds the texts containing %s as a scan does",
    (fragment) => {
      expect(index.containing(fragment)).toEqual(scan(fragment));
      expect(index.has(fragment)).toBe(scan(fragment).length > 0);
      expect(index.frequency(fragment)).toBeGreaterThanOrEqual(scan(fragment).length);
      expect(index.someContaining(fragment, (at) => at === 2)).toBe(scan(fragment).includes(2));
    },
  );

  it("does not match across two texts", () => {
    expect(index.has("东北部园区")).toBe(false);
  });

  it("refuses to grow once frozen", () => {
    expect(() => index.add("新的一句")).toThrow(/freeze/);
  });
});
