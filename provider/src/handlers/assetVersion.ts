/**
 * AssetVersion: check/diff/create/read/delete (the resource class is in `../assetVersion.ts`).
 * Twilio has no update or delete for versions: every change replaces, and delete forgets.
 */
import { createAssetVersion, fetchAssetVersion } from "../client/assetVersions";
import type { AssetVersionInputs, AssetVersionOutputs } from "../assetVersion";
import { assetSource, type ContentSource, contentSize, trackedUpload, uploadFilename } from "../content";
import * as messages from "../messages";
import { getClient } from "../settings";
import { diffByRules } from "./diffing";
import { attempt, attemptUnlessGone, type Operation } from "./failures";
import { GONE, type Handler, keepOutputs, withoutProvider } from "./handler";
import { reportWarning } from "./progress";
import { Checker, NAME_KEY, type Props, resourceName } from "./validation";
import { checkVersion } from "./versionContent";

const KIND = "AssetVersion";
/** The content is identified by its hash: the file's location on disk never matters. */
const REPLACE_ON = ["serviceSid", "assetSid", "path", "visibility", "contentSha256"] as const;

function op(verb: messages.Verb, props: Props, sid?: string): Operation {
  return { verb, kind: KIND, subject: sid ?? messages.quote(props.path), where: `Asset ${props.assetSid}` };
}

/** Where the content of checked inputs comes from. */
export function versionSource(inputs: { contentFile?: string; content?: unknown }): ContentSource | undefined {
  return inputs.contentFile ? { kind: "file", file: inputs.contentFile } : assetSource(inputs.content);
}

/**
 * Uploads the content through `upload` and returns the outputs' content facts: size and hash of
 * the bytes actually sent (a warning when the file changed since `check`).
 */
export async function uploadVersion<T>(
  inputs: { path: string; contentType: string; contentSha256: string; contentFile?: string; content?: unknown },
  operation: Operation,
  upload: (part: ReturnType<typeof trackedUpload>["part"]) => Promise<T>,
): Promise<{ record: T; size: number; contentSha256: string }> {
  return attempt(operation, async () => {
    const source = versionSource(inputs);
    if (!source) throw new Error(messages.problems.unsupportedAsset());
    const size = await contentSize(source);
    const tracked = trackedUpload(source, uploadFilename(inputs.path, inputs.contentFile), inputs.contentType, size);
    const record = await upload(tracked.part);
    const contentSha256 = tracked.sentSha256();
    if (contentSha256 !== inputs.contentSha256) {
      reportWarning(messages.contentChangedDuringUpload(inputs.path, inputs.contentSha256, contentSha256));
    }
    return { record, size, contentSha256 };
  });
}

export const assetVersionHandler: Handler = {
  async check(_olds, news) {
    const c = new Checker(KIND, resourceName(news, String(news.path)), news);
    const serviceSid = c.string("serviceSid", true);
    const assetSid = c.sid("assetSid", "ZH");
    const version = await checkVersion(c);
    return c.result({ [NAME_KEY]: news[NAME_KEY], serviceSid, assetSid, ...version });
  },

  async diff(_id, olds, news) {
    return diffByRules(olds, news, { replaceOn: REPLACE_ON });
  },

  async create(inputs) {
    const i = inputs as unknown as AssetVersionInputs;
    const client = getClient();
    const { record, size, contentSha256 } = await uploadVersion(i, op("create", inputs), (part) =>
      createAssetVersion(client, i.serviceSid, i.assetSid, i.path, i.visibility, part),
    );
    const outs: AssetVersionOutputs & Props = {
      ...(withoutProvider(inputs) as unknown as AssetVersionInputs),
      size,
      contentSha256,
      sid: record.sid,
    };
    return { id: record.sid, outs };
  },

  async read(id, props) {
    const client = getClient();
    const { serviceSid, assetSid } = props as unknown as AssetVersionOutputs;
    const version = await attemptUnlessGone(op("read", props, id), () => fetchAssetVersion(client, serviceSid, assetSid, id));
    if (!version) return GONE;
    return { id, props: { ...withoutProvider(props), path: version.path, visibility: version.visibility } };
  },

  update: keepOutputs,

  /** Twilio cannot delete versions; it drops those no build uses. Pulumi just forgets this one. */
  async delete() {},
};
