/**
 * AssetVersion and FunctionVersion handlers: check/diff/create/read/delete for an uploaded file
 * at a path with a visibility. Twilio has no update or delete for versions: every change
 * replaces, and delete forgets. The content is identified by its SHA-256 (computed in `check`),
 * never by where the file lives.
 */
import type { VersionApi } from "../client/versions";
import { assetSource, type ContentSource } from "../content";
import * as messages from "../messages";
import type { ParentField, VersionInputs, VersionOutputs } from "../../resources/versionResource";
import { getClient } from "../settings";
import { createVersion } from "./claims";
import { diffByRules } from "./diffing";
import { attempt, attemptUnlessGone, type Operation } from "./failures";
import { GONE, type Handler, type Hidden, keepOutputs, withoutProvider } from "./handler";
import { Checker } from "./validation";
import { checkVersion, uploadVersion } from "./versionContent";

export interface VersionKind<P extends ParentField> {
  kind: "AssetVersion" | "FunctionVersion";
  parentField: P;
  parentLabel: "Asset" | "Function";
  api: VersionApi;
  /** Media type when neither the path nor the file name tells. */
  defaultContentType: string;
}

/** Where the content of checked inputs comes from. */
function versionSource(inputs: { contentFile?: string; content?: unknown }): ContentSource | undefined {
  return inputs.contentFile ? { kind: "file", file: inputs.contentFile } : assetSource(inputs.content);
}

export function versionHandler<P extends ParentField>(spec: VersionKind<P>): Handler<VersionInputs<P>, VersionOutputs<P>> {
  const { kind, parentField } = spec;
  const replaceOn = ["serviceSid", parentField, "path", "visibility", "contentSha256"] as const;
  const op = (verb: messages.Verb, props: VersionInputs<P>, sid?: string): Operation => ({
    verb,
    kind,
    subject: sid ?? messages.quote(props.path),
    where: `${spec.parentLabel} ${props[parentField]}`,
  });

  /** Uploads the content; the outputs record the size and hash of the bytes actually sent. */
  async function upload(i: VersionInputs<P>) {
    const parentSid = i[parentField];
    const client = getClient();
    return attempt(op("create", i), async () => {
      const source = versionSource(i);
      if (!source) throw new Error(messages.problems.unsupportedAsset());
      return uploadVersion(kind, source, i, (part) => createVersion(client, spec.api, i.serviceSid, parentSid, i.path, i.visibility, part));
    });
  }

  return {
    async check(_olds, news) {
      const c = new Checker(kind, news, String(news.path));
      const serviceSid = c.string("serviceSid", true);
      const parentSid = c.sid(parentField, "ZH");
      const version = await checkVersion(c, spec.defaultContentType);
      return c.result({ serviceSid, [parentField]: parentSid, ...version });
    },

    async diff(_id, olds, news) {
      return diffByRules(olds, news, { replaceOn });
    },

    async create(inputs) {
      const { record, size, contentSha256 } = await upload(inputs);
      const outs = { ...withoutProvider(inputs), size, contentSha256, sid: record.sid } satisfies VersionOutputs<P> & Hidden;
      return { id: record.sid, outs };
    },

    async read(id, props) {
      const client = getClient();
      const version = await attemptUnlessGone(op("read", props, id), () => spec.api.fetch(client, props.serviceSid, props[parentField], id));
      if (!version) return GONE;
      return { id, props: { ...withoutProvider(props), path: version.path, visibility: version.visibility } satisfies VersionOutputs<P> & Hidden };
    },

    update: keepOutputs,

    /** Twilio cannot delete versions; it drops those no build uses. Pulumi just forgets this one. */
    async delete() {},
  };
}
