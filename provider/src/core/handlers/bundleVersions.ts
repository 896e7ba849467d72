/**
 * What this provider process has learnt, in the current deployment, of each AssetBundle's versions
 * by path, before the engine knows its outputs.
 *
 * Pulumi's dynamic provider cannot preview an update, so while a bundle's update is previewed all
 * its new outputs are unknown, and a Build that takes the bundle's versions by path would show
 * every path changing. The bundle's `diff` knows better: a file whose path, visibility and SHA-256
 * are unchanged keeps its version (the old outputs name it), the others get a new one. The diff
 * records that here, and the Build's `check`, which the engine runs after it (the Build's inputs
 * wait for the bundle's step), fills in the versions that are known. A preview then names only the
 * paths whose version changes, and the policy pack sees the versions that stay. At `up` the
 * Build's inputs are known and nothing here is used.
 */
import { UNKNOWN } from "./validation";

/** By bundle URN: each path of the bundle's new state, with its version SID, or UNKNOWN for a new upload. */
const versionsByBundle = new Map<string, Readonly<Record<string, string>>>();

export function recordBundleVersions(bundleUrn: string, byPath: Readonly<Record<string, string>>): void {
  versionsByBundle.set(bundleUrn, byPath);
}

/**
 * `byPath` with its unknown versions (or all of it, when unknown as a whole) filled in from what the
 * bundle's diff recorded; as it was when nothing is recorded.
 */
export function withKnownVersions(bundleUrn: unknown, byPath: Record<string, string> | string | undefined): Record<string, string> | string | undefined {
  const known = typeof bundleUrn === "string" ? versionsByBundle.get(bundleUrn) : undefined;
  if (!known) return byPath;
  if (byPath === UNKNOWN) return { ...known };
  if (typeof byPath !== "object") return byPath;
  return Object.fromEntries(Object.entries(byPath).map(([path, sid]) => [path, sid === UNKNOWN ? (known[path] ?? UNKNOWN) : sid]));
}
