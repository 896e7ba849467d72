/**
 * The review command's own edges, without a preview: its options, its refusals (exit status 2
 * with a message naming the input), and Markdown escaping of values that come from the preview.
 * What it reports on real previews is test/engine/review.test.ts.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type CliIo, main, parseCli } from "../../provider/src/review/cli";
import { code, text } from "../../provider/src/review/markdown";
import { reviewTexts } from "../../provider/src/review/texts";
import { REPO_ROOT } from "../../scripts/pulumiCli";
import { tempDir } from "../helpers/common";

function capture() {
  const out = { stdout: "", stderr: "" };
  const io: CliIo = {
    stdout: { write: (s: string) => (out.stdout += s) },
    stderr: { write: (s: string) => (out.stderr += s) },
  };
  return { out, io };
}

describe("twilio-serverless-review options", () => {
  it("reads a file or standard input, with the defaults", () => {
    expect(parseCli(["preview.jsonl"])).toEqual({ input: "preview.jsonl", output: undefined, allowVisibilityEscalation: false, maxRows: 100 });
    expect(parseCli(["--allow-visibility-escalation", "-o", "r.md", "--max-rows", "5"])).toEqual({
      input: undefined,
      output: "r.md",
      allowVisibilityEscalation: true,
      maxRows: 5,
    });
    expect(parseCli(["-h"])).toBe("help");
  });

  it.each([
    [["--max-rows", "0"], reviewTexts.badMaxRows("0")],
    [["a.jsonl", "b.jsonl"], reviewTexts.badUsage("Expected one input file, got 2.")],
  ])("refuses %j with exit status 2", (argv, message) => {
    const { out, io } = capture();
    expect(main(argv, io)).toBe(2);
    expect(out).toEqual({ stdout: "", stderr: `${message}\n` });
  });

  it("refuses an unknown option with exit status 2, pointing to --help", () => {
    const { out, io } = capture();
    expect(main(["--allow-escalation", "x"], io)).toBe(2);
    expect(out.stderr).toMatch(/Unknown option '--allow-escalation'[\s\S]*Run twilio-serverless-review --help for the options\.\n$/);
  });

  it("prints its usage with --help and exits 0", () => {
    const { out, io } = capture();
    expect(main(["--help"], io)).toBe(0);
    expect(out.stdout).toBe(`${reviewTexts.usage}\n`);
  });

  it("refuses an empty file, a missing one, and JSON that is not an engine event, naming the input", () => {
    const dir = tempDir("review-cli-");
    try {
      const empty = path.join(dir, "empty.jsonl");
      const other = path.join(dir, "other.jsonl");
      const notEvents = path.join(dir, "not-events.jsonl");
      fs.writeFileSync(empty, "\n");
      fs.writeFileSync(notEvents, '{"name": "static-site"}\n');
      fs.writeFileSync(other, '{"sequence": 0, "timestamp": 1}\n{"sequence": 1, "resourcePreEvent": {"metadata": {"op": "same"}}}\n');
      for (const [file, message] of [
        [empty, reviewTexts.emptyInput(empty)],
        [notEvents, reviewTexts.notAnEvent(notEvents, 1, "sequence: Invalid input: expected number, received undefined")],
        [other, reviewTexts.notAnEvent(other, 2, "resourcePreEvent.metadata.urn: Invalid input: expected string, received undefined")],
      ]) {
        const { out, io } = capture();
        expect(main([file], io)).toBe(2);
        expect(out).toEqual({ stdout: "", stderr: `${message}\n` });
      }
      const { out, io } = capture();
      expect(main([path.join(dir, "missing.jsonl")], io)).toBe(2);
      expect(out.stderr).toMatch(/^Cannot read .*missing\.jsonl: ENOENT/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is the package's bin: a committed node script, so npm links it before the first build", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "provider", "package.json"), "utf8")) as { bin: Record<string, string>; files: string[] };
    expect(pkg.bin).toEqual({ "twilio-serverless-review": "bin/twilio-serverless-review.js" });
    expect(pkg.files).toContain("bin/*.js");
    const bin = path.join(REPO_ROOT, "provider", pkg.bin["twilio-serverless-review"]);
    expect(fs.readFileSync(bin, "utf8")).toMatch(/^#!\/usr\/bin\/env node\n/);
    expect(fs.statSync(bin).mode & 0o111).not.toBe(0);
    // Runs the built command: a missing input is bad usage (exit 2), reported on stderr.
    const result = spawnSync(process.execPath, [bin, path.join(os.tmpdir(), "no-such-preview.jsonl")], { encoding: "utf8" });
    expect(result.stderr).toMatch(/^Cannot read .*no-such-preview\.jsonl: ENOENT/);
    expect(result.status).toBe(2);
  });
});

describe("Markdown from preview values", () => {
  it("keeps a path with a pipe or a backtick inside its code span and its table cell", () => {
    expect(code("/a|b.txt")).toBe("`/a\\|b.txt`");
    expect(code("/it`s.txt")).toBe("`` /it`s.txt ``");
  });

  it("escapes markup in messages and keeps them on one line", () => {
    expect(text('File "<script>" is *big*\nand | wide_ly')).toBe('File "\\<script\\>" is \\*big\\* and \\| wide\\_ly');
  });
});
