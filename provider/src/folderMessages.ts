/**
 * Every message of the folder scan and the AssetFolder component (program time), in one place so
 * that tests import the wording instead of repeating it. Resource messages are in `messages.ts`.
 */
import { quote } from "./messages";

export const folderMessages = {
  /** Prefix of every error: `AssetFolder "site": …`. */
  subject: (label: string) => `AssetFolder ${quote(label)}`,
  notADirectory: (dir: string) => `${quote(dir)} is not a directory`,
  missingDirectory: (dir: string) => `the directory ${quote(dir)} does not exist`,
  symlinkOutside: (file: string, target: string) =>
    `${quote(file)} is a symbolic link to ${quote(target)}, outside the folder; ` +
    "copy the file into the folder or exclude the link",
  brokenSymlink: (file: string) => `${quote(file)} is a symbolic link whose target does not exist`,
  symlinkCycle: (dir: string, target: string) =>
    `${quote(dir)} is a symbolic link to ${quote(target)}, which contains it (a cycle); exclude the link`,
  notAFile: (file: string) => `${quote(file)} is neither a regular file nor a directory; exclude it`,
  badPath: (file: string, path: string, problem: string) =>
    `${quote(file)} would be served at ${quote(path)}, which ${problem}; rename the file or exclude it`,
  duplicatePath: (path: string, files: string[]) =>
    `${files.map((f) => quote(f)).join(" and ")} would all be served at ${quote(path)}, and a build holds one version per path; ` +
    "rename or exclude all but one",
  rootPageMissing: (rootPage: string) =>
    `rootPage ${quote(rootPage)} is not one of the folder's published files (missing, hidden or excluded)`,
  rootPageNotPublic: (rootPage: string, visibility: string) =>
    `rootPage ${quote(rootPage)} is ${visibility}, and Twilio serves only a public asset at the root`,
  rootPathNotHtml: (rootPage: string, contentType: string) =>
    `rootPage ${quote(rootPage)} is ${contentType}, and Twilio serves only HTML from /assets/index.html; use rootPath "/"`,
  badRootPath: (rootPath: string) => `rootPath must be "/" or "/assets/index.html", got ${quote(rootPath)}`,
  badVisibility: (key: string, value: unknown) =>
    `the visibility override ${quote(key)} is ${quote(value)}; it must be "public", "protected" or "private"`,
  /** Joins the problems of one scan into one error message. */
  problems: (label: string, problems: string[]) =>
    problems.length === 1
      ? `${folderMessages.subject(label)}: ${problems[0]}.`
      : `${folderMessages.subject(label)} has ${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
} as const;
