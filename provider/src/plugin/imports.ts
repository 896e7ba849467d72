/**
 * `pulumi import twilio-serverless:index:<Kind> <name> <id>` and a resource's `get`: a read with
 * no state. Twilio's API finds an Environment, an Asset or a Build only under its Service (and a
 * Variable or Deployment under its Environment too), so the ID names those parents, as the Console
 * shows them, joined by "/": `ZS…/ZE…` for an Environment. The resource's ID in the state is its
 * own SID, as for a resource the stack created.
 *
 * Not importable, because Twilio cannot give back what their state holds: AssetVersion and
 * FunctionVersion (their content and its file exist only in the program; Twilio serves an asset
 * version but keeps no path to the file it came from), AssetBundle (a program-side grouping of
 * many Assets and the files behind them), AssetCleanup and BuildCleanup (bookkeeping of this
 * stack's own updates, with no object in Twilio).
 */
import type * as provider from "@pulumi/pulumi/provider";
import { type ResourceKind, typeToken } from "../core/kinds";
import * as messages from "../core/messages";
import type { PackageSchema } from "./schemaTypes";

type Props = Record<string, unknown>;

/** By kind: the fields that hold the SIDs of the parents its ID names, outermost first, and each SID's prefix. */
export const IMPORT_IDS: Partial<Record<ResourceKind, { parents: ReadonlyArray<readonly [field: string, prefix: string]>; prefix: string }>> = {
  Service: { parents: [], prefix: "ZS" },
  Environment: { parents: [["serviceSid", "ZS"]], prefix: "ZE" },
  Asset: { parents: [["serviceSid", "ZS"]], prefix: "ZH" },
  Function: { parents: [["serviceSid", "ZS"]], prefix: "ZH" },
  Build: { parents: [["serviceSid", "ZS"]], prefix: "ZB" },
  Variable: { parents: [["serviceSid", "ZS"], ["environmentSid", "ZE"]], prefix: "ZV" },
  Deployment: { parents: [["serviceSid", "ZS"], ["environmentSid", "ZE"]], prefix: "ZD" },
};

/** Why each other kind cannot be imported (see above). */
export const NOT_IMPORTABLE: Readonly<Record<Exclude<ResourceKind, keyof typeof IMPORT_IDS & string>, string>> = {
  AssetVersion: "its content exists only in the program (Twilio keeps no path to the file it came from)",
  FunctionVersion: "its content exists only in the program (Twilio keeps no path to the file it came from)",
  AssetBundle: "it groups the program's files, which Twilio does not know",
  AssetCleanup: "it is this stack's bookkeeping, with no object in Twilio",
  BuildCleanup: "it is this stack's bookkeeping, with no object in Twilio",
};

/** `ZS…/ZE…`: how an import ID of `kind` is written. */
export function importIdFormat(kind: ResourceKind): string | undefined {
  const spec = IMPORT_IDS[kind];
  return spec && [...spec.parents.map(([, prefix]) => prefix), spec.prefix].map((p) => `${p}…`).join("/");
}

/**
 * The read of an import: `read` gets the resource's SID and its parents' fields, as the state
 * would hold them; its outputs become the resource's inputs too (the schema says which fields are
 * inputs), so the next `pulumi up` compares the program against them.
 */
export async function importRead(
  kind: ResourceKind,
  id: string,
  _urn: string,
  schema: PackageSchema,
  read: (sid: string, parents: Props) => Promise<{ id: string; props: Props }>,
): Promise<provider.ReadResult> {
  const spec = IMPORT_IDS[kind];
  if (!spec) throw new Error(messages.notImportable(kind, NOT_IMPORTABLE[kind as keyof typeof NOT_IMPORTABLE]));
  const parts = id.split("/");
  const sids = [...spec.parents.map(([, prefix]) => prefix), spec.prefix];
  if (parts.length !== sids.length || parts.some((part, i) => !new RegExp(`^${sids[i]}[0-9a-fA-F]{32}$`).test(part))) {
    throw new Error(messages.badImportId(kind, id, importIdFormat(kind) ?? ""));
  }
  const parents = Object.fromEntries(spec.parents.map(([field], i) => [field, parts[i]]));
  const found = await read(parts[parts.length - 1], parents);
  if (!found.id) return { id: "", props: {} };
  const inputNames = Object.keys(schema.resources[typeToken(kind, "plugin")]?.inputProperties ?? {});
  const inputs = Object.fromEntries(inputNames.flatMap((name) => (found.props[name] === undefined ? [] : [[name, found.props[name]]])));
  return { id: found.id, props: found.props, inputs };
}
