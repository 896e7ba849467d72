/**
 * The review of one preview: each site's file changes, the visibility escalations and root page
 * changes across sites, the totals to upload, the policy violations by level, and the verdict
 * (the command's exit status).
 */
import { type PolicyViolation, type Preview, type PreviewFormat } from "./preview";
import { type FileChange, reviewSites, type SiteReview } from "./sites";

export interface SiteChange {
  site: SiteReview;
  change: FileChange;
}

export interface Totals {
  uploads: number;
  /** Bytes of the uploads whose size is known. */
  bytes: number;
  /** Uploads whose size is unknown until `up`. */
  unknownSizes: number;
}

export type FailureReason = "mandatory" | "escalation" | "failed" | "unfinished";

export interface Review {
  format: PreviewFormat;
  sites: SiteReview[];
  escalations: SiteChange[];
  rootChanges: SiteChange[];
  totals: Totals;
  mandatory: PolicyViolation[];
  /** Advisory (and remediating) policies: reported, never failing. */
  advisory: PolicyViolation[];
  /** The preview's own errors (the engine's generic "preview failed" left out). */
  errors: string[];
  failed: boolean;
  finished: boolean;
  allowEscalation: boolean;
  /** Why the command fails; empty when it passes. */
  failures: FailureReason[];
}

export interface ReviewOptions {
  /** Accept visibility escalations: still reported, no longer failing. */
  allowVisibilityEscalation?: boolean;
}

/** The engine's closing error when anything failed; the violations or errors before it say why. */
const GENERIC_FAILURE = "preview failed";

export function reviewPreview(preview: Preview, opts: ReviewOptions = {}): Review {
  const sites = reviewSites(preview.steps);
  const across = (want: (c: FileChange) => boolean): SiteChange[] =>
    sites.flatMap((site) => site.changes.filter(want).map((change) => ({ site, change })));
  const uploads = across((c) => c.upload);
  const totals: Totals = {
    uploads: uploads.length,
    bytes: uploads.reduce((n, { change }) => n + (change.after?.size ?? 0), 0),
    unknownSizes: uploads.filter(({ change }) => change.after?.size === undefined).length,
  };
  const mandatory = preview.violations.filter((v) => v.level === "mandatory");
  const advisory = preview.violations.filter((v) => v.level !== "mandatory" && v.level !== "disabled");
  const escalations = across((c) => c.escalation);
  const errors = preview.errors.filter((e) => e !== GENERIC_FAILURE);
  const allowEscalation = opts.allowVisibilityEscalation ?? false;

  const failures: FailureReason[] = [];
  if (mandatory.length) failures.push("mandatory");
  if (escalations.length && !allowEscalation) failures.push("escalation");
  // A failure that no mandatory violation explains: an error in the program or a provider's check.
  if (preview.failed && (errors.length > 0 || mandatory.length === 0)) failures.push("failed");
  if (!preview.finished) failures.push("unfinished");

  return {
    format: preview.format,
    sites,
    escalations,
    rootChanges: across((c) => c.servedPath === "/"),
    totals,
    mandatory,
    advisory,
    errors,
    failed: preview.failed,
    finished: preview.finished,
    allowEscalation,
    failures,
  };
}

/** 0 when the change may go ahead, 1 when the review fails it. */
export function exitStatus(review: Review): number {
  return review.failures.length ? 1 : 0;
}
