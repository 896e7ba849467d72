/**
 * Every violation message of the pack, built here so that they read alike: one sentence naming
 * the resource, the value found and the limit it breaks.
 */
import type { Visibility } from "pulumi-twilio-serverless/limits";

/** Twilio deletes unbuilt versions and undeployed builds after this many days (Serverless API, "Retention policy"). */
export const RETENTION_DAYS = 7;

const number = (n: number) => n.toLocaleString("en-US");

/** `AssetVersion "logo"`: how every message names a resource of the stack. */
export function subject(kind: string, name: string): string {
  return `${kind} "${name}"`;
}

/**
 * `AssetBundle "site" file "img/a.png"`: one file of a bundle, by its file name (its key in the
 * bundle), so that a message on one file of a thousand says which (long names are cut like paths).
 */
export function bundleFileSubject(bundle: string, fileKey: string): string {
  return `${subject("AssetBundle", bundle)} file ${quotePath(fileKey)}`;
}

/** A resource known only by its SID (made outside the stack). */
export function externalSubject(kind: string, sid: string): string {
  return `${kind} ${sid}`;
}

/** Long paths are cut in messages, keeping their start and their length in the sentence. */
function quotePath(path: string): string {
  return path.length > 60 ? `"${path.slice(0, 57)}..."` : `"${path}"`;
}

function list(items: string[]): string {
  return items.join(", ");
}

export const messages = {
  versionTooLarge: (who: string, size: number, limit: number, visibility: Visibility) =>
    `${who} is ${number(size)} bytes, over the ${number(limit)}-byte limit for ${visibility} assets.`,

  buildTooManyVersions: (who: string, count: number, what: string, limit: number) =>
    `${who} includes ${number(count)} ${what}, over the limit of ${number(limit)} per build.`,

  buildDuplicatePath: (who: string, path: string, versions: string[]) =>
    `${who} includes ${versions.length} versions with the path ${quotePath(path)} (${list(versions)}), over the limit of one version per path.`,

  buildDuplicateAsset: (who: string, asset: string, versions: string[]) =>
    `${who} includes ${versions.length} versions of ${asset} (${list(versions)}), over the limit of one version per asset.`,

  tooManyEnvironments: (service: string, count: number, limit: number) =>
    `${service} has ${number(count)} environments, over the limit of ${number(limit)} per service.`,

  tooManyServices: (count: number, limit: number) =>
    `The stack declares ${number(count)} services, over the limit of ${number(limit)} per account.`,

  /** `problem` is a phrase from `pathProblem()` in provider/src/limits.ts ("contains whitespace"). */
  pathRefused: (who: string, path: string, problem: string) => `${who} has the path ${quotePath(path)}, which ${problem}.`,

  rootNotPublic: (who: string, path: string, visibility: string) =>
    `${who} is served at the root path "${path}" but is ${visibility}, and Twilio serves only a public asset there.`,

  indexNotHtml: (who: string, path: string, found: string) =>
    `${who} has the path "${path}" but its content is ${found}, and Twilio serves only HTML from that path.`,

  imageMetadata: (who: string, visibility: string, tags: string[], gps: boolean) =>
    gps
      ? `${who} is a ${visibility} image whose EXIF metadata includes GPS coordinates (${list(tags)}), which Twilio serves as uploaded.`
      : `${who} is a ${visibility} image whose EXIF metadata (${list(tags)}) Twilio serves as uploaded.`,

  looksLikeSecret: (who: string, visibility: string, reason: string) =>
    `${who} is ${visibility} and looks like a secret (${reason}), which belongs in a private asset or an environment variable.`,

  versionInNoBuild: (who: string) =>
    `${who} is in no Build, so Twilio deletes it after ${RETENTION_DAYS} days.`,

  /** A bundle's files are versions Twilio deletes (the bundle itself is only a Pulumi resource). */
  bundleInNoBuild: (who: string) =>
    `${who} is in no Build, so Twilio deletes the versions of its files after ${RETENTION_DAYS} days.`,

  buildInNoDeployment: (who: string) =>
    `${who} is served by no Deployment, so Twilio deletes it after ${RETENTION_DAYS} days.`,
};
