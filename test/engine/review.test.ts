/**
 * The review command (`twilio-serverless-review`, the provider package's bin) on previews of
 * examples/static-site made by the real CLI. One stack is deployed as the example is; then each
 * step folder is applied to its working copy, previewed with `pulumi preview --event-log FILE
 * --policy-pack policy` as a CI job would, and undone, in both layouts (a resource per file, then
 * one AssetBundle). The command then reads each event log, as a user runs it, and the tests check
 * its Markdown and its exit status; the layouts must give the same file changes. One `--json`
 * preview shows what that input lacks. The sample reports in the READMEs are the ones made here.
 * Needs `npm run build` first (the program, the provider process and the bin load dist/).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../helpers/engine";
import { DEBUG_COMMANDS, runReview, section, tableRows } from "../helpers/review";
import { applyStep, type SiteStack, startSiteStack } from "../helpers/siteSteps";
import { tempDir, uniqueName } from "../helpers/common";

const TIMEOUT = 10 * 60 * 1000;
const EXAMPLE = path.join(REPO_ROOT, "examples", "static-site");
const PACK = path.join(REPO_ROOT, "policy");

const STEPS = ["1-edit", "2-add", "3-remove", "4-rename", "6-publish-by-marker", "7-publish-by-override", "8-policy-violation", "9-edit-root-page"];
type Layout = "per-file" | "bundle";

// ---- what each step must report, from the example's own files ---------------------------------

const size = (rel: string) => fs.statSync(path.join(EXAMPLE, rel)).size;
const n = (v: number) => v.toLocaleString("en-US");
const bytes = (v: number) => `${n(v)} bytes`;
const delta = (v: number) => (v > 0 ? `+${n(v)}` : v < 0 ? `−${n(-v)}` : "0");

interface Expected {
  /** The rows of the site's file table, in served-path order. */
  rows: string[];
  /** The summary's uploads cell. */
  uploads: string;
  /** The rows of the escalation table. */
  escalations?: string[];
  /** The rows of the root page table. */
  root?: string[];
  /** Policy violations: the start of each line, by level. */
  mandatory?: Record<Layout, string[]>;
  advisory?: Record<Layout, string[]>;
  exit: number;
  /** The preview itself fails (a mandatory policy). */
  previewFails?: boolean;
}

function expectedFor(step: string): Expected {
  /** The private config made public, by marker (the file's name changes) or by override. */
  const settingsPublished = (file: string, aspects: string): Expected => {
    const settings = size("site/config/settings.private.json");
    return {
      rows: [`| changed: ${aspects} | \`/config/settings.json\` | private → **public** | ${bytes(settings)} | 0 | ${file} |`],
      uploads: `1 file, ${bytes(settings)}`,
      escalations: [`| \`site\` | \`/config/settings.json\` | private | **public** | ${file} |`],
      exit: 1,
    };
  };
  switch (step) {
    case "1-edit": {
      const [before, after] = [size("site/about.html"), size("steps/1-edit/site/about.html")];
      return { rows: [`| changed: content | \`/about.html\` | public | ${bytes(after)} | ${delta(after - before)} | \`about.html\` |`], uploads: `1 file, ${bytes(after)}`, exit: 0 };
    }
    case "2-add": {
      const added = size("steps/2-add/site/contact.html");
      return { rows: [`| added | \`/contact.html\` | public | ${bytes(added)} | ${delta(added)} | \`contact.html\` |`], uploads: `1 file, ${bytes(added)}`, exit: 0 };
    }
    case "3-remove": {
      const removed = size("site/notes.txt");
      return { rows: [`| removed | \`/notes.txt\` | public | ${bytes(removed)} | ${delta(-removed)} | \`notes.txt\` |`], uploads: `0 files, 0 bytes`, exit: 0 };
    }
    case "4-rename": {
      const icon = size("site/images/icon.svg");
      return {
        rows: [
          `| removed | \`/images/icon.svg\` | public | ${bytes(icon)} | ${delta(-icon)} | \`images/icon.svg\` |`,
          `| added | \`/images/mark.svg\` | public | ${bytes(icon)} | ${delta(icon)} | \`images/mark.svg\` |`,
        ],
        uploads: `1 file, ${bytes(icon)}`,
        exit: 0,
      };
    }
    case "6-publish-by-marker":
      return settingsPublished("`config/settings.json` (was `config/settings.private.json`)", "visibility, file name");
    case "7-publish-by-override":
      return settingsPublished("`config/settings.private.json`", "visibility");
    case "8-policy-violation": {
      const added = size("steps/8-policy-violation/site/credentials.json");
      const logo = n(size("site/images/logo.png"));
      return {
        rows: [`| added | \`/credentials.json\` | public | ${bytes(added)} | ${delta(added)} | \`credentials.json\` |`],
        uploads: `1 file, ${bytes(added)}`,
        mandatory: {
          "per-file": [`- \`asset-version-size-limit\` on AssetVersion \`site/images/logo.png\`: AssetVersion "site/images/logo.png" is ${logo} bytes, over the 3,000-byte limit`],
          bundle: [`- \`asset-version-size-limit\` on AssetBundle \`site\`: AssetBundle "site" file "images/logo.png" is ${logo} bytes, over the 3,000-byte limit`],
        },
        advisory: {
          "per-file": ['- `asset-version-no-secrets` on AssetVersion `site/credentials.json`: AssetVersion "site/credentials.json" is public and looks like a secret (a credentials file)'],
          bundle: ['- `asset-version-no-secrets` on AssetBundle `site`: AssetBundle "site" file "credentials.json" is public and looks like a secret (a credentials file)'],
        },
        exit: 1,
        previewFails: true,
      };
    }
    case "9-edit-root-page": {
      const [before, after] = [size("site/index.html"), size("steps/9-edit-root-page/site/index.html")];
      return {
        rows: [`| changed: content | \`/\` | public | ${bytes(after)} | ${delta(after - before)} | \`index.html\` |`],
        uploads: `1 file, ${bytes(after)}`,
        root: [`| \`site\` | \`index.html\` at \`/assets/index.html\`, ${bytes(before)} | \`index.html\` at \`/assets/index.html\`, ${bytes(after)}, new content |`],
        exit: 0,
      };
    }
  }
  throw new Error(`no expectation for step ${step}`);
}

function summaryCell(markdown: string, label: string): string | undefined {
  return markdown.split("\n").find((l) => l.startsWith(`| ${label} | `))?.slice(label.length + 5, -2);
}

// ---- the stack and the previews ----------------------------------------------------------------

let site: SiteStack | undefined;
let logsDir: string;
/** Layout → step → the event log's file and the preview's exit status. */
const previews: Record<Layout, Record<string, { log: string; code: number }>> = { "per-file": {}, bundle: {} };

beforeAll(async () => {
  logsDir = tempDir("review-logs-");
  // Many runs of the program: `npm run typecheck` checks it once instead of ts-node at every run.
  site = await startSiteStack({ "static-site:serviceName": uniqueName("review"), "static-site:resourcePerFile": "true" }, { PULUMI_NODEJS_TRANSPILE_ONLY: "true" });
}, TIMEOUT);

afterAll(async () => {
  await site?.close();
  fs.rmSync(logsDir, { recursive: true, force: true });
}, TIMEOUT);

/** Applies a step, previews it as CI would (the pack, the step's policy config), then puts the example back. */
async function previewStep(step: string, layout: Layout, extraArgs: string[] = [], output = path.join(logsDir, `${layout}-${step}.jsonl`)) {
  const { stack, emulator } = site!;
  const spec = applyStep(stack, step);
  for (const [key, value] of Object.entries(spec.config ?? {})) await stack.stack.setConfig(key, { value });
  const args = ["preview", "--policy-pack", PACK, ...extraArgs];
  if (spec.policyConfig) {
    const file = path.join(logsDir, `${step}-policy-config.json`);
    fs.writeFileSync(file, JSON.stringify(spec.policyConfig));
    args.push("--policy-pack-config", file);
  }
  emulator.resetStats();
  const result = await stack.cli(args, DEBUG_COMMANDS);
  expect(emulator.stats().writes).toBe(0);
  fs.rmSync(path.join(stack.workDir, "site"), { recursive: true });
  fs.cpSync(path.join(EXAMPLE, "site"), path.join(stack.workDir, "site"), { recursive: true });
  for (const key of Object.keys(spec.config ?? {})) await stack.stack.removeConfig(key);
  if (extraArgs.includes("--json")) fs.writeFileSync(output, result.stdout);
  return { result, output };
}

async function previewAllSteps(layout: Layout): Promise<void> {
  for (const step of STEPS) {
    const log = path.join(logsDir, `${layout}-${step}.jsonl`);
    const { result } = await previewStep(step, layout, ["--event-log", log]);
    previews[layout][step] = { log, code: result.code };
    // Only the step that breaks a mandatory policy fails its preview; each writes a whole log.
    expect([step, result.code !== 0]).toEqual([step, expectedFor(step).previewFails ?? false]);
    expect(fs.readFileSync(log, "utf8")).toMatch(/"summaryEvent"/);
  }
}

describe("twilio-serverless-review on previews of examples/static-site (engine)", () => {
  it(
    "previews every step with --event-log in the per-file layout",
    async () => {
      await site!.stack.up();
      await previewAllSteps("per-file");
    },
    TIMEOUT,
  );

  it(
    "previews every step with --event-log in the default layout (one AssetBundle)",
    async () => {
      await site!.stack.stack.removeConfig("static-site:resourcePerFile");
      await site!.stack.up();
      await previewAllSteps("bundle");
    },
    TIMEOUT,
  );

  it.each(STEPS)(
    "%s: reports the step's file changes, escalations, root page and violations, in both layouts, with the exit status",
    async (step) => {
      const expected = expectedFor(step);
      const reports: Partial<Record<Layout, string>> = {};
      for (const layout of ["per-file", "bundle"] as const) {
        const { code, stdout, stderr } = await runReview([previews[layout][step].log]);
        expect({ layout, code, stderr }).toEqual({ layout, code: expected.exit, stderr: "" });
        reports[layout] = stdout;

        expect(tableRows(section(stdout, "### AssetFolder `site`"))).toEqual(expected.rows);
        expect(summaryCell(stdout, "uploads")).toBe(expected.uploads);
        expect(tableRows(section(stdout, "### ⚠️ Visibility escalations: possible leaks"))).toEqual(expected.escalations ?? []);
        expect(summaryCell(stdout, "visibility escalations")).toBe(expected.escalations ? `**${expected.escalations.length}**` : "none");
        expect(tableRows(section(stdout, "### Root page"))).toEqual(expected.root ?? []);
        const mandatory = expected.mandatory?.[layout] ?? [];
        const advisory = expected.advisory?.[layout] ?? [];
        expect(summaryCell(stdout, "policy violations")).toBe(`${mandatory.length} mandatory, ${advisory.length} advisory`);
        const listed = (heading: string) => section(stdout, heading).filter((l) => l.startsWith("- "));
        const startsAsExpected = (lines: string[], starts: string[]) => lines.map((l, i) => (starts[i] && l.startsWith(starts[i]) ? starts[i] : l));
        expect(startsAsExpected(listed(`#### Mandatory (${mandatory.length})`), mandatory)).toEqual(mandatory);
        expect(startsAsExpected(listed(`#### Advisory (${advisory.length})`), advisory)).toEqual(advisory);

        // The verdict says why.
        expect(stdout.split("\n")[2]).toMatch(expected.exit === 0 ? /^✅/ : /^❌/);
        if (expected.escalations) expect(stdout).toContain("--allow-visibility-escalation` to accept");
        if (expected.mandatory) expect(stdout).toContain("1 mandatory policy violation");
      }
      // Both layouts report the same change (policy messages name the resource, which differs).
      const withoutPolicies = (md: string) => md.split("### Policy violations")[0];
      expect(withoutPolicies(reports.bundle!)).toBe(withoutPolicies(reports["per-file"]!));
    },
    TIMEOUT,
  );

  it(
    "passes an escalation with --allow-visibility-escalation, still reporting it, and never passes a mandatory violation",
    async () => {
      const allowed = await runReview(["--allow-visibility-escalation", previews["per-file"]["6-publish-by-marker"].log]);
      expect(allowed.code).toBe(0);
      expect(allowed.stdout).toContain("### ⚠️ Visibility escalations: possible leaks");
      expect(allowed.stdout).toContain("1 visibility escalation accepted with `--allow-visibility-escalation`.");
      const mandatory = await runReview(["--allow-visibility-escalation", previews.bundle["8-policy-violation"].log]);
      expect(mandatory.code).toBe(1);
    },
    TIMEOUT,
  );

  it(
    "reads the log from standard input and writes the report to --output, printing the verdict and the counts for the CI log",
    async () => {
      const out = path.join(logsDir, "report.md");
      const log = previews["per-file"]["2-add"].log;
      const run = await runReview(["--output", out], log);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe("");
      expect(run.stdout.split("\n")).toEqual([
        "✅ This change may go ahead.",
        expect.stringMatching(/^ {2}files: 1 added, 0 changed, 0 removed$/),
        expect.stringMatching(/^ {2}uploads: 1 file, [\d,]+ bytes$/),
        "  visibility escalations: none",
        "  policy violations: 0 mandatory, 0 advisory",
        `The full report is in ${out}.`,
        "",
      ]);
      expect(fs.readFileSync(out, "utf8")).toBe((await runReview([log])).stdout);

      const failing = await runReview(["--output", out, previews.bundle["8-policy-violation"].log]);
      expect(failing.code).toBe(1);
      expect(failing.stdout).toMatch(/^❌ This change fails review: 1 mandatory policy violation\.\n {2}files: 1 added, 0 changed, 0 removed\n[\s\S]* {2}policy violations: 1 mandatory, 1 advisory\n/);
    },
    TIMEOUT,
  );

  it(
    "fails a log cut before the preview's end, and refuses what is not a preview with exit status 2",
    async () => {
      const log = fs.readFileSync(previews["per-file"]["1-edit"].log, "utf8").split("\n");
      const cut = path.join(logsDir, "cut.jsonl");
      fs.writeFileSync(cut, log.slice(0, Math.floor(log.length / 2)).join("\n"));
      const unfinished = await runReview([cut]);
      expect(unfinished.code).toBe(1);
      expect(unfinished.stdout).toContain("the preview did not finish, so this report may be incomplete");

      const notJson = path.join(logsDir, "not-json.txt");
      fs.writeFileSync(notJson, "Previewing update (test):\n");
      expect(await runReview([notJson])).toEqual({
        code: 2,
        stdout: "",
        stderr: `${notJson}, line 1, is not JSON: expected a Pulumi event log (one engine event per line) or pulumi preview --json output.\n`,
      });
    },
    TIMEOUT,
  );

  it(
    "reads pulumi preview --json too, and says that its policy violations are missing",
    async () => {
      const { result, output } = await previewStep("6-publish-by-marker", "bundle", ["--json"], path.join(logsDir, "preview.json"));
      expect(result.code).toBe(0);
      const { code, stdout } = await runReview([output]);
      expect(code).toBe(1);
      expect(summaryCell(stdout, "policy violations")).toBe("not in this input (see below)");
      expect(stdout).toContain("Not in this input: `pulumi preview --json` leaves policy events out.");
      // The files are the event log's.
      const fromLog = (await runReview([previews.bundle["6-publish-by-marker"].log])).stdout;
      expect(stdout.split("### Policy violations")[0].replace(/\| policy violations \|.*\n/, "")).toBe(
        fromLog.split("### Policy violations")[0].replace(/\| policy violations \|.*\n/, ""),
      );
    },
    TIMEOUT,
  );

  it(
    "is the report shown in the READMEs",
    async () => {
      const samples: Array<[readme: string, layout: Layout, step: string]> = [
        [path.join(EXAMPLE, "README.md"), "per-file", "6-publish-by-marker"],
        [path.join(REPO_ROOT, "README.md"), "per-file", "8-policy-violation"],
      ];
      for (const [readme, layout, step] of samples) {
        const marker = `<!-- review sample: ${step} -->`;
        const text = fs.readFileSync(readme, "utf8");
        const block = text.split(marker)[1]?.match(/```markdown\n([\s\S]*?)```/)?.[1];
        expect([readme, block]).toEqual([readme, (await runReview([previews[layout][step].log])).stdout]);
      }
    },
    TIMEOUT,
  );
});
