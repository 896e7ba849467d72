/**
 * What a preview does to each site's files. A site is an AssetFolder or a ServerlessProject (their
 * children), or a Build outside them with its Deployment and the versions it includes. Its files
 * come from both layouts: AssetVersion and FunctionVersion resources (`path`, `visibility`,
 * `size`, `contentSha256`) and an AssetBundle's `file:<name>` properties (the same facts per
 * file). A ServerlessProject's Functions are files served at their paths like Assets: a private
 * one made public is an escalation too (anyone may then call it).
 *
 * Files are matched by the path visitors request, not by resource or file name: renaming
 * `a.protected.mp3` to `a.mp3` is the file at `/a.mp3` changing visibility, and the root page is
 * the file at `/` whether its version's path is `/` or `/assets/index.html`.
 */
import { isVisibility, servedPathOf, type Visibility } from "../core/limits";
import { asRelease, type Release } from "../core/release";
import {
  ASSET_FOLDER_TOKEN,
  FILE_PROPERTY_PREFIX,
  kindOf,
  NAME_KEY,
  nameOfUrn,
  PROMOTION_TOKEN,
  SERVERLESS_PROJECT_TOKEN,
  typeOfUrn,
} from "../core/kinds";
import { type PlannedStep, type Props, UNKNOWN_VALUE } from "./preview";

/** One served file on one side of the change; `undefined` facts are unknown until `up`. */
export interface SiteFile {
  /** The file's name: its path in the folder (`audio/welcome.protected.mp3`), or the resource's name. */
  file: string;
  /** The version's path in the build (`/assets/index.html` for an HTML root page). */
  versionPath: string;
  visibility?: Visibility;
  size?: number;
  contentSha256?: string;
}

export type ChangeKind = "added" | "changed" | "removed";

export interface FileChange {
  kind: ChangeKind;
  /** The path visitors request (`/` for the root page). */
  servedPath: string;
  before?: SiteFile;
  after?: SiteFile;
  contentChanged: boolean;
  visibilityChanged: boolean;
  /** Served to more people than before: private → protected or public, protected → public. */
  escalation: boolean;
  /** `up` uploads a new version of this file. */
  upload: boolean;
}

export type SiteKind = "AssetFolder" | "ServerlessProject" | "Build" | "Promotion" | "other";

/** What a promotion deploys where (`release.ts`): builds by SID, environments by unique name (or SID). */
export interface PromotionFacts {
  /** The environment the release was tested in. */
  from: string;
  /** The environment it goes live in. */
  to: string;
  build?: string;
  /** The build the environment served before, and where that one came from (when it was a promotion too). */
  buildBefore?: string;
  fromBefore?: string;
}

/** The components whose children are one site, by type token. */
const SITE_COMPONENTS: Record<string, SiteKind> = { [ASSET_FOLDER_TOKEN]: "AssetFolder", [SERVERLESS_PROJECT_TOKEN]: "ServerlessProject" };

export interface SiteReview {
  kind: SiteKind;
  /** The component's or the Build's resource name. */
  name: string;
  /** The planned operation on the site's Build and Deployment, when there is one. */
  buildOp?: string;
  deploymentOp?: string;
  /** Added, changed and removed files, by served path. */
  changes: FileChange[];
  filesBefore: number;
  filesAfter: number;
  /** For a Promotion: where the build comes from and goes. Its changes upload nothing. */
  promotion?: PromotionFacts;
}

/** Who may fetch a file, from least to most: an escalation goes up this scale. */
const EXPOSURE: Record<Visibility, number> = { private: 0, protected: 1, public: 2 };


function known<T>(value: unknown, is: (v: unknown) => v is T): T | undefined {
  return value === UNKNOWN_VALUE ? undefined : is(value) ? value : undefined;
}
const isString = (v: unknown): v is string => typeof v === "string";
const isNumber = (v: unknown): v is number => typeof v === "number";

function siteFile(file: string, p: Props, pathBefore?: unknown): SiteFile | undefined {
  // A path unknown at preview (computed from another resource's output) is taken to be the
  // resource's path before; a new resource's cannot be placed on the site.
  const versionPath = known(p.path, isString) ?? known(pathBefore, isString);
  if (versionPath === undefined) return undefined;
  return {
    file,
    versionPath,
    visibility: known(p.visibility, isVisibility),
    size: known(p.size, isNumber),
    contentSha256: known(p.contentSha256, isString),
  };
}

function isProps(v: unknown): v is Props {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * The files one resource holds in one state: an AssetVersion's one, or an AssetBundle's `file:`
 * properties. `before` is the resource's other state when `inputs` are the new ones.
 */
function filesOf(step: PlannedStep, inputs: Props | undefined, folder: string | undefined, before?: Props): SiteFile[] {
  if (!inputs) return [];
  if (kindOf(step.type) === "AssetBundle") {
    return Object.entries(inputs).flatMap(([key, value]) => {
      if (!key.startsWith(FILE_PROPERTY_PREFIX) || !isProps(value)) return [];
      const old = before?.[key];
      const f = siteFile(key.slice(FILE_PROPERTY_PREFIX.length), value, isProps(old) ? old.path : undefined);
      return f ? [f] : [];
    });
  }
  const name = known(inputs[NAME_KEY], isString) ?? nameOfUrn(step.urn);
  // A component names each file's resources `<component>/<path>`: AssetFolder by the path in its
  // folder, ServerlessProject by the path in the project (`functions/sms/reply.protected.js`).
  const file = folder !== undefined && name.startsWith(`${folder}/`) ? name.slice(folder.length + 1) : name;
  const f = siteFile(file, inputs, before?.path);
  return f ? [f] : [];
}

function compare(servedPath: string, before: SiteFile | undefined, after: SiteFile | undefined): FileChange | undefined {
  if (!before && !after) return undefined;
  if (!before) {
    return { kind: "added", servedPath, after, contentChanged: true, visibilityChanged: false, escalation: false, upload: true };
  }
  if (!after) {
    return { kind: "removed", servedPath, before, contentChanged: false, visibilityChanged: false, escalation: false, upload: false };
  }
  const contentChanged = before.contentSha256 === undefined || after.contentSha256 === undefined || before.contentSha256 !== after.contentSha256;
  const visibilityChanged = before.visibility !== after.visibility;
  const moved = before.versionPath !== after.versionPath || before.file !== after.file;
  if (!contentChanged && !visibilityChanged && !moved) return undefined;
  // An unknown new visibility may be any: it counts as an escalation unless it was public already.
  const escalation =
    visibilityChanged &&
    before.visibility !== undefined &&
    (after.visibility === undefined ? before.visibility !== "public" : EXPOSURE[after.visibility] > EXPOSURE[before.visibility]);
  return { kind: "changed", servedPath, before, after, contentChanged, visibilityChanged, escalation, upload: true };
}

/** The step's resource is one of the site's files' holders. */
function holdsFiles(step: PlannedStep): boolean {
  const kind = kindOf(step.type);
  return kind === "AssetVersion" || kind === "FunctionVersion" || kind === "AssetBundle";
}

interface SiteBuilder {
  kind: SiteKind;
  name: string;
  buildOp?: string;
  deploymentOp?: string;
  before: Map<string, SiteFile>;
  after: Map<string, SiteFile>;
  promotion?: PromotionFacts;
}

/** A release's files and Functions as site files, by served path (the version SID stands for the content). */
function releaseFiles(release: Release | undefined): Map<string, SiteFile> {
  const files = new Map<string, SiteFile>();
  for (const [path, e] of Object.entries({ ...release?.files, ...release?.functions })) {
    files.set(path, { file: path, versionPath: path, visibility: e.visibility, size: e.size, contentSha256: e.version });
  }
  return files;
}

/**
 * A Deployment that carries a release (a promotion), as a site of its own: named after its
 * Promotion component (or itself), the release's files before and after, and the environments.
 */
function promotionSite(step: PlannedStep, steps: PlannedStep[]): SiteBuilder | undefined {
  const before = step.op === "create" ? undefined : asRelease(step.oldInputs?.release);
  const after = step.op === "delete" ? undefined : asRelease(step.newInputs?.release);
  if (!before && !after) return undefined;
  const owner = step.parent !== undefined && typeOfUrn(step.parent) === PROMOTION_TOKEN ? step.parent : step.urn;
  const environmentSid = known(step.newInputs?.environmentSid, isString) ?? known(step.oldInputs?.environmentSid, isString);
  // By SID; an environment made in this update has none yet, and is found under its Promotion
  // (a plain Deployment's parent, the stack, holds other environments too).
  const inPromotion = owner !== step.urn;
  const environment = steps.find(
    (s) => kindOf(s.type) === "Environment" && ((environmentSid !== undefined && s.oldId === environmentSid) || (inPromotion && s.parent === step.parent)),
  );
  const to = known(environment?.newInputs?.uniqueName ?? environment?.oldInputs?.uniqueName, isString) ?? environmentSid ?? "";
  const site = newSite("Promotion", nameOfUrn(owner));
  site.deploymentOp = step.op;
  site.before = releaseFiles(before);
  site.after = releaseFiles(after);
  site.promotion = {
    from: (after ?? before)!.environment,
    to,
    build: after?.buildSid,
    buildBefore: step.op === "create" ? undefined : known(step.oldInputs?.buildSid, isString),
    fromBefore: before?.environment,
  };
  return site;
}

function newSite(kind: SiteKind, name: string): SiteBuilder {
  return { kind, name, before: new Map(), after: new Map() };
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter(isString) : [];
}

function stringValues(v: unknown): string[] {
  return v && typeof v === "object" && !Array.isArray(v) ? Object.values(v).filter(isString) : [];
}

/** The version SIDs a Build's inputs name (either state). */
function buildVersionSids(step: PlannedStep): Set<string> {
  const sids = new Set<string>();
  for (const inputs of [step.oldInputs, step.newInputs]) {
    if (!inputs) continue;
    for (const sid of [...stringList(inputs.assetVersions), ...stringValues(inputs.assetVersionsByPath)]) sids.add(sid);
  }
  sids.delete(UNKNOWN_VALUE);
  return sids;
}

/**
 * Each site's file changes, in the order the preview met the sites. Resources outside any
 * component join the Build that includes them (by a known SID), or the only Build outside a
 * component; what is left is one "other" group.
 */
export function reviewSites(steps: PlannedStep[]): SiteReview[] {
  const sites = new Map<string, SiteBuilder>();
  const folderOf = (step: PlannedStep): string | undefined =>
    step.parent !== undefined && SITE_COMPONENTS[typeOfUrn(step.parent)] !== undefined ? step.parent : undefined;

  // Builds outside components first: the sites that loose versions and deployments join.
  const looseBuilds = steps.filter((s) => kindOf(s.type) === "Build" && !folderOf(s));
  const buildSiteBySid = new Map<string, string>();
  for (const b of looseBuilds) {
    sites.set(b.urn, newSite("Build", nameOfUrn(b.urn)));
    for (const sid of buildVersionSids(b)) buildSiteBySid.set(sid, b.urn);
    if (b.oldId) buildSiteBySid.set(b.oldId, b.urn);
  }
  const looseSite = (step: PlannedStep, sid: string | undefined): SiteBuilder => {
    const byBuild = sid === undefined ? undefined : buildSiteBySid.get(sid);
    if (byBuild) return sites.get(byBuild)!;
    if (looseBuilds.length === 1) return sites.get(looseBuilds[0].urn)!;
    const key = "other";
    if (!sites.has(key)) sites.set(key, newSite("other", ""));
    return sites.get(key)!;
  };

  for (const step of steps) {
    const folder = folderOf(step);
    let site: SiteBuilder;
    const promotion = kindOf(step.type) === "Deployment" && !folder ? promotionSite(step, steps) : undefined;
    if (promotion) {
      sites.set(step.urn, promotion);
      continue;
    }
    if (folder) {
      if (!sites.has(folder)) sites.set(folder, newSite(SITE_COMPONENTS[typeOfUrn(folder)], nameOfUrn(folder)));
      site = sites.get(folder)!;
    } else if (kindOf(step.type) === "Build") {
      site = sites.get(step.urn)!;
    } else if (kindOf(step.type) === "Deployment") {
      site = looseSite(step, known(step.oldInputs?.buildSid, isString));
    } else if (kindOf(step.type) === "FunctionVersion") {
      // A Function outside a component is not placed on a site: the review covers the Functions
      // of a ServerlessProject. (Its unchanged steps are missing from `--json` output, so a loose
      // one would make the two inputs disagree.)
      continue;
    } else if (holdsFiles(step)) {
      site = looseSite(step, step.oldId);
    } else {
      continue;
    }
    if (kindOf(step.type) === "Build") site.buildOp = step.op;
    else if (kindOf(step.type) === "Deployment") site.deploymentOp = step.op;
    if (!holdsFiles(step)) continue;
    const folderName = folder === undefined ? undefined : nameOfUrn(folder);
    if (step.op !== "create") for (const f of filesOf(step, step.oldInputs, folderName)) site.before.set(servedPathOf(f.versionPath), f);
    if (step.op !== "delete") {
      for (const f of filesOf(step, step.newInputs, folderName, step.oldInputs)) site.after.set(servedPathOf(f.versionPath), f);
    }
  }

  const reviews: SiteReview[] = [];
  for (const s of sites.values()) {
    const paths = [...new Set([...s.before.keys(), ...s.after.keys()])].sort();
    // A promotion deploys a build that exists: it uploads nothing.
    const changes = paths.flatMap((p) => compare(p, s.before.get(p), s.after.get(p)) ?? []).map((c) => (s.promotion ? { ...c, upload: false } : c));
    reviews.push({
      kind: s.kind,
      name: s.name,
      buildOp: s.buildOp,
      deploymentOp: s.deploymentOp,
      changes,
      filesBefore: s.before.size,
      filesAfter: s.after.size,
      promotion: s.promotion,
    });
  }
  return reviews;
}
