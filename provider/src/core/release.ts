/**
 * A release: the build a site made and deployed to its own environment, and what that build
 * serves. A site (`AssetFolder`, `ServerlessProject`) exports one as `release`; a `Promotion`, in
 * another stack through a StackReference, deploys that same build to an environment of its own.
 * Nothing is uploaded or built again between the test and the release.
 *
 * It is plain data, so that it crosses a StackReference as it is. The files and Functions are
 * there for previews and reviews: a promotion's Deployment carries the release, so that `pulumi
 * preview` can say where the build comes from and the review can list the files that differ from
 * the build the environment served before. Each file is named by its served path, with the
 * version SID that identifies its content in Twilio. This module loads no Pulumi SDK: the review
 * command reads releases too. Components build theirs with `siteRelease` (`siteAssets.ts`).
 */
import { z } from "zod";
import { VISIBILITIES, type Visibility } from "./limits";

/** One served file or Function of a release. */
export interface ReleaseEntry {
  /** The version SID (ZN…): a new upload is a new one. */
  version: string;
  /** Who may fetch it: public, protected (signed requests only) or private (never served). */
  visibility: Visibility;
  /** Bytes, when known. */
  size?: number;
}

/** The build a site made and deployed, and what it serves there (see above). */
export interface Release {
  /** The Service (ZS…) of the build. */
  serviceSid: string;
  /** The build (ZB…) the site deployed. */
  buildSid: string;
  /** The unique name of the environment the site deployed the build to: where it was tested. */
  environment: string;
  /** Served path (`/`, `/logo.png`) → the asset served there. */
  files: Record<string, ReleaseEntry>;
  /** Path (`/sms/reply`) → the Function served there. */
  functions: Record<string, ReleaseEntry>;
}

// Checked where one arrives (a Deployment's `release`, a review's preview). Typed against the
// interfaces above, which keep zod's types out of our declarations: consumers' tsc never reads them.
const releaseEntry: z.ZodType<ReleaseEntry> = z.object({
  version: z.string(),
  visibility: z.enum(VISIBILITIES),
  size: z.number().optional(),
});
const releaseSchema: z.ZodType<Release> = z.object({
  serviceSid: z.string(),
  buildSid: z.string(),
  environment: z.string(),
  files: z.record(z.string(), releaseEntry),
  functions: z.record(z.string(), releaseEntry),
});

/** `value` as a release, or undefined when it is not one. */
export function asRelease(value: unknown): Release | undefined {
  const parsed = releaseSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}


export interface EntryChange {
  kind: "added" | "changed" | "removed";
  /** The served path. */
  path: string;
  before?: ReleaseEntry;
  after?: ReleaseEntry;
}

/** What differs between two releases' files (or Functions), by path: a new version, or a new visibility. */
export function entryChanges(before: Record<string, ReleaseEntry>, after: Record<string, ReleaseEntry>): EntryChange[] {
  const paths = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return paths.flatMap((path): EntryChange[] => {
    const [b, a] = [before[path], after[path]];
    if (!b) return [{ kind: "added", path, after: a }];
    if (!a) return [{ kind: "removed", path, before: b }];
    return b.version !== a.version || b.visibility !== a.visibility ? [{ kind: "changed", path, before: b, after: a }] : [];
  });
}
