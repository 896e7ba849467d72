/**
 * AssetCleanup: check/diff/create/read/update/delete (the resource class is in `../assetCleanup.ts`).
 * Deleting is idempotent (an Asset already gone counts as deleted), so running it again is safe.
 */
import { randomUUID } from "node:crypto";
import type { AssetCleanupInputs } from "../../resources/assetCleanup";
import * as messages from "../messages";
import { getClient } from "../settings";
import { deleteAssets } from "./assetBundle";
import { changedFields, diffByRules } from "./diffing";
import { OperationError } from "./failures";
import { type Handler, type Hidden, withoutProvider } from "./handler";
import { Checker, resourceName } from "./validation";

const KIND = "AssetCleanup";

/** Far above any bundle's retired list; a list this long is a mistake. */
const MAX_ASSETS = 10_000;

async function cleanUp(i: AssetCleanupInputs & Hidden): Promise<void> {
  const failures = await deleteAssets(getClient(), i.serviceSid, i.assetSids);
  if (failures.length > 0) {
    throw new OperationError(messages.bundleMessages.cleanupFailed(resourceName(i, "cleanup"), failures), undefined);
  }
}

export const assetCleanupHandler: Handler<AssetCleanupInputs, AssetCleanupInputs> = {
  async check(_olds, news) {
    const c = new Checker(KIND, news, "cleanup");
    return c.result({
      serviceSid: c.string("serviceSid", true),
      assetSids: c.sidList("assetSids", "ZH", MAX_ASSETS, "Assets"),
      after: c.string("after", true),
    });
  },

  /** A new list is work to do; so is a new deployment while Assets are listed (the last try may have failed). */
  async diff(_id, olds, news) {
    const listed = Array.isArray(news.assetSids) && news.assetSids.length > 0;
    const afterChanged = listed && changedFields(olds, news, ["after"]).length > 0;
    const rules = diffByRules(olds, news, { replaceOn: ["serviceSid"], updateOn: ["assetSids"], unordered: ["assetSids"] });
    return afterChanged ? { ...rules, changes: true } : rules;
  },

  async create(inputs) {
    await cleanUp(inputs);
    return { id: randomUUID(), outs: withoutProvider(inputs) };
  },

  async read(id, props) {
    return { id, props: withoutProvider(props) };
  },

  async update(_id, _olds, news) {
    await cleanUp(news);
    return { outs: withoutProvider(news) };
  },

  /** The bundle's own delete removes whatever is left. */
  async delete() {},
};
