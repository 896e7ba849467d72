/** The review command (`twilio-serverless-review`) as a user runs it, for engine tests that review a preview. */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** `--event-log` is one of the CLI's hidden flags, which it accepts only with this set. */
export const DEBUG_COMMANDS = { PULUMI_DEBUG_COMMANDS: "true" };

export interface ReviewRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The bin as the package declares it, run with node as npx would. */
function reviewBin(): string {
  const pkgDir = path.dirname(require.resolve("pulumi-twilio-serverless/package.json"));
  const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8")) as { bin: Record<string, string> };
  return path.join(pkgDir, pkg.bin["twilio-serverless-review"]);
}

/** Runs the command with `args`; `stdinFile`, when given, is piped to its standard input. */
export function runReview(args: string[], stdinFile?: string): Promise<ReviewRun> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [reviewBin(), ...args], (err, stdout, stderr) => {
      const code = err ? (err as { code?: unknown }).code : 0;
      if (typeof code !== "number") reject(err);
      else resolve({ code, stdout, stderr });
    });
    if (stdinFile) fs.createReadStream(stdinFile).pipe(child.stdin!);
  });
}

/** The lines of the Markdown section under `heading` (up to the next heading of its level or higher). */
export function section(markdown: string, heading: string): string[] {
  const lines = markdown.split("\n");
  const start = lines.indexOf(heading);
  if (start < 0) return [];
  const level = heading.split(" ")[0];
  const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l) && l.split(" ")[0].length <= level.length);
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** The body rows of the first table in `lines`. */
export function tableRows(lines: string[]): string[] {
  const table = lines.filter((l) => l.startsWith("| "));
  return table.slice(1).filter((l) => !/^\|[-| ]+\|$/.test(l));
}
