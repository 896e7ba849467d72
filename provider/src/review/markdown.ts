/**
 * The review as Markdown for a pull request comment (GitHub-flavoured: tables, headings). Values
 * from the preview (paths, file names, messages) are escaped, so a file name cannot break a table
 * or inject markup.
 */
import type { PolicyViolation } from "./preview";
import { nameOfUrn, typeOfUrn } from "../core/kinds";
import type { Review, SiteChange } from "./review";
import type { FileChange, SiteFile, SiteReview } from "./sites";
import { reviewTexts as t } from "./texts";

export interface MarkdownOptions {
  /** Files listed per site at most; the rest are counted. Escalations are always listed. */
  maxRows?: number;
}

export const DEFAULT_MAX_ROWS = 100;

/** A code span, safe in a table cell: backticks in the value get a longer fence, pipes are escaped. */
export function code(value: string): string {
  const fence = value.includes("`") ? "``" : "`";
  const pad = fence.length > 1 ? " " : "";
  return `${fence}${pad}${value.replace(/\|/g, "\\|")}${pad}${fence}`;
}

/** Plain text with Markdown's active characters escaped (and on one line). */
export function text(value: string): string {
  return value.replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`).replace(/\s*\n\s*/g, " ");
}

function size(f: SiteFile | undefined): string {
  return f?.size === undefined ? t.unknown : t.bytes(f.size);
}

function sizeDelta(c: FileChange): string {
  const before = c.before ? c.before.size : 0;
  const after = c.after ? c.after.size : 0;
  if (before === undefined || after === undefined) return t.unknown;
  return t.sizeDelta(after - before);
}

function visibility(f: SiteFile | undefined): string {
  return f?.visibility ?? t.unknown;
}

function visibilityCell(c: FileChange): string {
  if (c.kind !== "changed" || !c.visibilityChanged) return visibility(c.after ?? c.before);
  return t.visibilityChange(visibility(c.before), visibility(c.after), c.escalation);
}

function fileCell(c: FileChange): string {
  const now = c.after ?? c.before!;
  if (c.before && c.after && c.before.file !== c.after.file) return t.renamedFrom(code(c.after.file), code(c.before.file));
  return code(now.file);
}

function changeCell(c: FileChange): string {
  if (c.kind !== "changed") return t.change[c.kind];
  const { before, after } = c as Required<Pick<FileChange, "before" | "after">>;
  const aspects: Array<[boolean, string]> = [
    [c.contentChanged, t.aspects.content],
    [c.visibilityChanged, t.aspects.visibility],
    [before.versionPath !== after.versionPath, t.aspects.versionPath],
    [before.file !== after.file, t.aspects.file],
  ];
  return t.changedWhat(aspects.filter(([changed]) => changed).map(([, label]) => label));
}

function siteLabel(site: SiteReview): string {
  return site.kind === "other" ? "" : code(site.name);
}

function row(cells: string[]): string {
  return `| ${cells.join(" | ")} |`;
}

function escalationRows(changes: SiteChange[]): string[] {
  return changes.map(({ site, change }) =>
    row([siteLabel(site), code(change.servedPath), visibility(change.before), `**${visibility(change.after)}**`, fileCell(change)]),
  );
}

function rootSide(f: SiteFile | undefined): string {
  return f ? t.rootSide(code(f.file), code(f.versionPath), size(f)) : t.rootNone;
}

function siteSection(site: SiteReview, maxRows: number): string[] {
  const out = [t.siteHeading(site.kind, site.kind === "other" ? "" : code(site.name)), ""];
  const p = site.promotion;
  if (p) out.push(t.promotion(code(p.from), code(p.to), p.build && code(p.build), p.buildBefore && code(p.buildBefore), p.fromBefore && code(p.fromBefore)), "");
  const ops = t.siteOps(site.buildOp, site.deploymentOp);
  const unchanged = site.filesAfter - site.changes.filter((c) => c.kind !== "removed").length;
  out.push(`${ops ? `${ops} · ` : ""}${t.siteCounts(site.filesBefore, site.filesAfter, unchanged)}`, "");
  if (!site.changes.length) return [...out, t.siteNoChanges, ""];
  out.push(t.filesColumns);
  for (const c of site.changes.slice(0, maxRows)) {
    out.push(row([changeCell(c), code(c.servedPath), visibilityCell(c), size(c.after ?? c.before), sizeDelta(c), fileCell(c)]));
  }
  out.push("");
  if (site.changes.length > maxRows) out.push(t.moreRows(site.changes.length - maxRows), "");
  return out;
}

function resourceLabel(urn: string | undefined): string | undefined {
  if (!urn) return undefined;
  const kind = typeOfUrn(urn).split(":").pop() ?? "";
  // Stack policies name the stack itself, which says nothing.
  if (kind === "Stack") return undefined;
  return `${text(kind)} ${code(nameOfUrn(urn))}`;
}

function violationLines(violations: PolicyViolation[]): string[] {
  if (!violations.length) return [t.noViolations];
  return violations.map((v) => t.violation(code(v.policyName), resourceLabel(v.resourceUrn), text(v.message)));
}

function verdict(review: Review): string[] {
  if (!review.failures.length) {
    const lines: string[] = [t.passes];
    if (review.escalations.length && review.allowEscalation) lines.push("", t.escalationsAllowed(review.escalations.length));
    return lines;
  }
  const reasons = review.failures.map((f) => {
    switch (f) {
      case "mandatory":
        return t.failure.mandatory(review.mandatory.length);
      case "escalation":
        return t.failure.escalation(review.escalations.length);
      case "failed":
        return review.format === "json" && !review.errors.length ? t.failure.failedJson : t.failure.failed;
      case "unfinished":
        return t.failure.unfinished;
    }
  });
  return [t.fails(reasons)];
}

/** The summary's rows: label and value (Markdown). */
function summary(review: Review): Array<[string, string]> {
  const all = review.sites.flatMap((s) => s.changes);
  const count = (kind: FileChange["kind"]) => all.filter((c) => c.kind === kind).length;
  const { summaryLabels: label } = t;
  return [
    [label.files, t.summaryFiles(count("added"), count("changed"), count("removed"))],
    [label.uploads, t.summaryUploads(review.totals.uploads, review.totals.bytes, review.totals.unknownSizes)],
    [label.escalations, t.summaryEscalations(review.escalations.length)],
    [label.policies, review.format === "event-log" ? t.summaryPolicies(review.mandatory.length, review.advisory.length) : t.summaryPoliciesMissing],
  ];
}

/** Markdown's emphasis and code marks taken out, for a terminal or a CI log. */
function plainText(markdown: string): string {
  return markdown.replace(/\*\*|`/g, "");
}

/**
 * What the command prints when the report goes to a file: the verdict and the summary as plain
 * text, so a CI log says why a job failed without the report.
 */
export function renderSummary(review: Review, reportFile: string): string {
  const lines = [plainText(verdict(review).filter(Boolean).join(" ")), ...summary(review).map(([label, value]) => `  ${label}: ${plainText(value)}`), t.reportWritten(reportFile)];
  return `${lines.join("\n")}\n`;
}

export function renderMarkdown(review: Review, opts: MarkdownOptions = {}): string {
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
  const eventLog = review.format === "event-log";

  const out: string[] = [t.title, "", ...verdict(review), ""];
  out.push(t.summaryHeader, ...summary(review).map(([label, value]) => row([label, value])), "");
  if (!review.finished) out.push(`> ${t.unfinishedNote}`, "");

  if (review.escalations.length) {
    out.push(t.escalationsHeading, "", t.escalationsNote, "", t.escalationsColumns, ...escalationRows(review.escalations), "");
  }
  if (review.rootChanges.length) {
    out.push(t.rootHeading, "", t.rootNote, "", t.rootColumns);
    for (const { site, change } of review.rootChanges) {
      const after = change.kind === "changed" && change.contentChanged ? `${rootSide(change.after)}, ${t.rootNewContent}` : rootSide(change.after);
      out.push(row([siteLabel(site), rootSide(change.before), after]));
    }
    out.push("");
  }
  for (const site of review.sites) out.push(...siteSection(site, maxRows));

  out.push(t.policiesHeading, "");
  if (eventLog) {
    out.push(t.mandatoryHeading(review.mandatory.length), "", ...violationLines(review.mandatory), "");
    out.push(t.advisoryHeading(review.advisory.length), "", ...violationLines(review.advisory), "");
  } else {
    out.push(t.policiesMissing, "");
  }
  if (review.errors.length) out.push(t.errorsHeading, "", ...review.errors.map((e) => `- ${text(e)}`), "");
  return `${out.join("\n").trimEnd()}\n`;
}
