/**
 * Every user-facing text of the review command: the report's headings, labels and notes, the
 * usage, and the errors about its input. `markdown.ts` assembles them; nothing else words them.
 */
import { formatBytes } from "../core/messages";

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

export const reviewTexts = {
  usage: `Usage: twilio-serverless-review [options] [FILE]   (or: npx twilio-serverless-review …)

Reads a Pulumi preview and prints a Markdown review for a pull request: the files each
Twilio Serverless site adds, changes and removes, visibility escalations (possible leaks),
root page changes, the uploads, and every policy violation.

  FILE                     the preview: an event log (PULUMI_DEBUG_COMMANDS=true
                           pulumi preview --event-log FILE) or pulumi preview --json
                           output; "-" or none reads standard input
  --output FILE            write the Markdown to FILE; standard output then gets the
                           verdict and the summary only
  --allow-visibility-escalation
                           report escalations without failing on them
  --max-rows N             at most N files listed per site (default 100; escalations
                           are always listed in full)
  -h, --help               this text

Exit status: 0 the change may go ahead; 1 a mandatory policy violation, a visibility
escalation (unless allowed), or a preview that failed or did not finish; 2 bad usage or input.`,

  // ---- input errors --------------------------------------------------------------------------
  emptyInput: (source: string) => `${source} is empty: expected a Pulumi event log or pulumi preview --json output.`,
  notJson: (source: string, line: number) =>
    `${source}, line ${line}, is not JSON: expected a Pulumi event log (one engine event per line) or pulumi preview --json output.`,
  notAnEvent: (source: string, line: number, issue: string) => `${source}, line ${line}, is not a Pulumi engine event (${issue}).`,
  notAPreview: (source: string, issue: string) => `${source} is not pulumi preview --json output (${issue}).`,
  unreadable: (source: string, reason: string) => `Cannot read ${source}: ${reason}`,
  unwritable: (file: string, reason: string) => `Cannot write ${file}: ${reason}`,
  badUsage: (reason: string) => `${reason}\nRun twilio-serverless-review --help for the options.`,
  badMaxRows: (value: string) => `--max-rows must be a whole number of at least 1, got "${value}".`,
  standardInput: "standard input",

  // ---- the report ----------------------------------------------------------------------------
  title: "## Twilio Serverless review",
  passes: "✅ **This change may go ahead.**",
  fails: (reasons: string[]) => `❌ **This change fails review:** ${reasons.join("; ")}.`,
  failure: {
    mandatory: (n: number) => plural(n, "mandatory policy violation"),
    escalation: (n: number) => `${plural(n, "visibility escalation")} (pass \`--allow-visibility-escalation\` to accept)`,
    failed: "the preview failed",
    failedJson: "the preview failed (a mandatory policy violation fails it too, and `--json` does not say which)",
    unfinished: "the preview did not finish, so this report may be incomplete",
  },
  escalationsAllowed: (n: number) => `${plural(n, "visibility escalation")} accepted with \`--allow-visibility-escalation\`.`,

  summaryHeader: "| | |\n|---|---|",
  summaryLabels: { files: "files", uploads: "uploads", escalations: "visibility escalations", policies: "policy violations" },
  summaryFiles: (added: number, changed: number, removed: number) => `${added} added, ${changed} changed, ${removed} removed`,
  summaryUploads: (uploads: number, bytes: number, unknown: number) =>
    `${plural(uploads, "file")}, ${formatBytes(bytes)}${unknown ? ` and ${plural(unknown, "file")} of a size unknown until \`pulumi up\`` : ""}`,
  summaryEscalations: (n: number) => (n ? `**${n}**` : "none"),
  summaryPolicies: (mandatory: number, advisory: number) => `${mandatory} mandatory, ${advisory} advisory`,
  summaryPoliciesMissing: "not in this input (see below)",
  /** The last line of the summary the command prints when the report goes to a file. */
  reportWritten: (file: string) => `The full report is in ${file}.`,

  escalationsHeading: "### ⚠️ Visibility escalations: possible leaks",
  escalationsNote:
    "Each file below is served to more people after this change. A private file is never served (Functions read it); " +
    "a protected one only to requests with a valid `X-Twilio-Signature`; a public one to anyone with its URL. " +
    "Check that none of them holds anything that must not leak.",
  escalationsColumns: "| site | served path | before | after | file |\n|---|---|---|---|---|",

  rootHeading: "### Root page",
  rootNote: "The page served at the site's root (`/`), whose version path is `/` or `/assets/index.html`.",
  rootColumns: "| site | before | after |\n|---|---|---|",
  rootSide: (file: string, versionPath: string, size: string) => `${file} at ${versionPath}, ${size}`,
  rootNone: "none",
  rootNewContent: "new content",

  siteHeading: (kind: string, name: string) => (kind === "other" ? "### Asset versions outside any site" : `### ${kind} ${name}`),
  siteOps: (buildOp: string | undefined, deploymentOp: string | undefined) =>
    [buildOp && `Build: ${buildOp}`, deploymentOp && `Deployment: ${deploymentOp}`].filter(Boolean).join(" · "),
  siteCounts: (before: number, after: number, unchanged: number) =>
    `${plural(before, "file")} before, ${after.toLocaleString("en-US")} after, ${unchanged.toLocaleString("en-US")} unchanged.`,
  siteNoChanges: "No file changes.",
  /** A promotion's line: what it deploys where, and what the environment served before. */
  promotion: (from: string, to: string, build: string | undefined, buildBefore: string | undefined, fromBefore: string | undefined) =>
    `Promotes ${build ? `build ${build}` : "a build"} from ${from} to ${to}` +
    (buildBefore ? `, which served build ${buildBefore}${fromBefore ? ` from ${fromBefore}` : ""} before` : "") +
    ". Nothing is uploaded or built: the files below are those that differ between the two builds.",
  filesColumns: "| change | served path | visibility | size | size change | file |\n|---|---|---|---|---|---|",
  moreRows: (n: number) => `… and ${plural(n, "more file")} (\`--max-rows\` shows more).`,

  change: { added: "added", removed: "removed", changed: "changed" },
  aspects: { content: "content", visibility: "visibility", versionPath: "version path", file: "file name" },
  changedWhat: (aspects: string[]) => `changed: ${aspects.join(", ")}`,
  unknown: "unknown",
  bytes: formatBytes,
  sizeDelta: (delta: number) => (delta > 0 ? `+${delta.toLocaleString("en-US")}` : delta < 0 ? `−${(-delta).toLocaleString("en-US")}` : "0"),
  visibilityChange: (before: string, after: string, escalation: boolean) => `${before} → ${escalation ? `**${after}**` : after}`,
  renamedFrom: (file: string, was: string) => `${file} (was ${was})`,

  policiesHeading: "### Policy violations",
  mandatoryHeading: (n: number) => `#### Mandatory (${n})`,
  advisoryHeading: (n: number) => `#### Advisory (${n})`,
  noViolations: "None.",
  violation: (policy: string, resource: string | undefined, message: string) =>
    `- ${policy}${resource ? ` on ${resource}` : ""}: ${message}`,
  policiesMissing:
    "Not in this input: `pulumi preview --json` leaves policy events out. Review the event log instead " +
    "(`PULUMI_DEBUG_COMMANDS=true pulumi preview --event-log preview.jsonl`) to list them.",

  errorsHeading: "### Preview errors",
  unfinishedNote: "The input ends before the preview's summary: the preview did not finish, and the changes above may be incomplete.",
} as const;
