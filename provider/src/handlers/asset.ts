/** Asset: check/diff/create/read/update/delete (the resource class is in `../asset.ts`). */
import { type AssetRecord, createAsset, deleteAsset, fetchAsset, updateAsset } from "../client/assets";
import type { AssetInputs, AssetOutputs } from "../asset";
import { FIELD_LIMITS } from "../limits";
import * as messages from "../messages";
import { getClient } from "../settings";
import { diffByRules } from "./diffing";
import { attempt, attemptUnlessGone, type Operation } from "./failures";
import { GONE, type Handler, withoutProvider } from "./handler";
import { Checker, NAME_KEY, type Props, resourceName } from "./validation";

const KIND = "Asset";
const REPLACE_ON = ["serviceSid"] as const;
const UPDATE_ON = ["friendlyName"] as const;

function op(verb: messages.Verb, props: Props, sid?: string): Operation {
  return { verb, kind: KIND, subject: sid ?? messages.quote(props.friendlyName), where: `Service ${props.serviceSid}` };
}

function outputs(inputs: Props, asset: AssetRecord): AssetOutputs & Props {
  return { ...(withoutProvider(inputs) as unknown as AssetInputs), sid: asset.sid, url: asset.url };
}

export const assetHandler: Handler = {
  async check(_olds, news) {
    const c = new Checker(KIND, resourceName(news, String(news.friendlyName)), news);
    return c.result({
      [NAME_KEY]: news[NAME_KEY],
      serviceSid: c.string("serviceSid", true),
      friendlyName: c.string("friendlyName", true, { maxLength: FIELD_LIMITS.friendlyName }),
    });
  },

  async diff(_id, olds, news) {
    return diffByRules(olds, news, { replaceOn: REPLACE_ON, updateOn: UPDATE_ON });
  },

  async create(inputs) {
    const i = inputs as AssetInputs;
    const client = getClient();
    const asset = await attempt(op("create", inputs), () => createAsset(client, i.serviceSid, i.friendlyName));
    return { id: asset.sid, outs: outputs(inputs, asset) };
  },

  async read(id, props) {
    const client = getClient();
    const asset = await attemptUnlessGone(op("read", props, id), () => fetchAsset(client, String(props.serviceSid), id));
    if (!asset) return GONE;
    return { id, props: outputs({ ...props, friendlyName: asset.friendlyName }, asset) };
  },

  async update(id, _olds, news) {
    const i = news as AssetInputs;
    const client = getClient();
    const asset = await attempt(op("update", news, id), () => updateAsset(client, i.serviceSid, id, i.friendlyName));
    return { outs: outputs(news, asset) };
  },

  async delete(id, props) {
    const client = getClient();
    await attemptUnlessGone(op("delete", props, id), () => deleteAsset(client, String(props.serviceSid), id));
  },
};
