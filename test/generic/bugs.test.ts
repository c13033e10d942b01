// The seeded shape bugs of test/generic/bugs/seeded.ts, compiled as a user's code would be: each
// `// error: <text>` line must be followed by a line on which the compiler reports an error whose
// text contains <text> exactly, no other line may have an error, and no message may show the
// machinery of the shape rules instead of dims.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const fixture = "test/generic/bugs/seeded.ts";

/** The compiler's diagnostics for the fixture, by line: each one's first line and its elaboration. */
function diagnostics(): Map<number, string> {
  let output = "";
  try {
    execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "test/generic/bugs/tsconfig.json", "--pretty", "false"], { cwd: root, encoding: "utf8" });
  } catch (e) {
    output = String((e as { stdout?: unknown }).stdout ?? "");
  }
  const byLine = new Map<number, string>();
  let current = -1;
  for (const line of output.split("\n")) {
    const head = /^test\/generic\/bugs\/seeded\.ts\((\d+),\d+\): error/.exec(line);
    if (head) {
      current = Number(head[1]);
      byLine.set(current, `${byLine.get(current) ?? ""}${line}\n`);
    } else if (current >= 0 && line.startsWith(" ")) {
      byLine.set(current, `${byLine.get(current) ?? ""}${line}\n`);
    } else if (line.trim() !== "") {
      current = -1;
      byLine.set(0, `${byLine.get(0) ?? ""}${line}\n`); // an error elsewhere (another file, or the config)
    }
  }
  return byLine;
}

/** The expected errors: line number of the offending line → the text its error must contain. */
function expectations(): Map<number, string> {
  const lines = readFileSync(new URL(`../../${fixture}`, import.meta.url), "utf8").split("\n");
  const expected = new Map<number, string>();
  lines.forEach((line, i) => {
    const m = /^\s*\/\/ error: (.*)$/.exec(line);
    if (m?.[1] !== undefined) expected.set(i + 2, m[1]);
  });
  return expected;
}

describe("seeded shape bugs in generic code", () => {
  const found = diagnostics();
  const expected = expectations();

  it("the fixture has its bugs (a typo in it would make the test vacuous)", () => {
    expect(expected.size).toBeGreaterThanOrEqual(17);
    expect(found.get(0)).toBeUndefined();
  });

  for (const [line, text] of expectations()) {
    it(`line ${line}: ${text}`, () => {
      expect(found.get(line) ?? "(no error reported)").toContain(text);
    });
  }

  it("reports nothing else: the correct code around the bugs compiles", () => {
    expect([...found.keys()].filter((line) => !expected.has(line))).toEqual([]);
  });

  it("no message shows the rules' machinery instead of dims", () => {
    const all = [...found.values()].join("");
    for (const internal of ["JoinDims", "IsSame<", "BroadcastDims", "Clash<", "DimCompat", "MergeDim", "ShowDim<", "ShowShape<"]) {
      expect(all).not.toContain(internal);
    }
  });
});
