/**
 * FunctionVersion: the source of a Function, served (executed) at `path` with a visibility.
 *   create → POST (multipart, upload host) /v1/Services/{ServiceSid}/Functions/{FunctionSid}/Versions
 *   read   → GET /v1/Services/{ServiceSid}/Functions/{FunctionSid}/Versions/{Sid}
 *   update → none: versions are immutable, so every change replaces
 *   delete → none in Twilio: Pulumi forgets the version
 * Content identity is the SHA-256 computed in `check`, as for AssetVersion; `contentType`
 * defaults to `application/javascript`.
 * Implementation: `handlers/version.ts` (shared with AssetVersion), bound to the kind in `runtime.ts`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { TYPE_TOKENS } from "../core/kinds";
import { type VersionContentArgs, type VersionInputs, type VersionOutputs, VersionResource } from "./versionResource";

export interface FunctionVersionArgs extends VersionContentArgs {
  /** The Function's SID (ZH…). */
  functionSid: pulumi.Input<string>;
}

/** Checked inputs (what policies see): see `CheckedVersionContent`. */
export interface FunctionVersionInputs extends VersionInputs<"functionSid"> {}

export interface FunctionVersionOutputs extends VersionOutputs<"functionSid"> {}


/**
 * One uploaded version of a Function: its code at a path, with a visibility (public, protected or
 * private). Its content's SHA-256 is computed at preview, so unchanged code is never uploaded
 * again.
 */
export class FunctionVersion extends VersionResource {
  static readonly __pulumiType = TYPE_TOKENS.FunctionVersion;

  declare readonly functionSid: pulumi.Output<string>;

  constructor(name: string, args: FunctionVersionArgs, opts?: pulumi.CustomResourceOptions) {
    super("FunctionVersion", name, args, opts);
  }
}
