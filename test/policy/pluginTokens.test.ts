/**
 * The policy pack sees the provider plugin's resources (`twilio-serverless:index:<Kind>`, a YAML,
 * Python or Go program's, or the plugin's components' children) as it sees a TypeScript program's
 * dynamic ones: the rules ask the one kind table (`kindOf`), not a token.
 */
import { assetVersionSizeLimit } from "../../policy/policies/assetVersion";
import { buildPublicAssetVersionLimit } from "../../policy/policies/build";
import { PLUGIN_TOKENS } from "../../provider/src/core/kinds";
import { bundleFile, FakeStack, newAssetBundle, newAssetVersion, newBuild, resourceArgs, UNKNOWN, validateResource, validateStack } from "./policyArgs";

describe("the policy pack on the plugin's tokens", () => {
  it("refuses an AssetVersion of the plugin over Twilio's 25 MB public limit", async () => {
    const args = resourceArgs(
      "AssetVersion",
      "site/big.bin",
      { serviceSid: UNKNOWN.string, assetSid: UNKNOWN.string, path: "/big.bin", visibility: "public", size: 25_000_001, contentType: "application/octet-stream" },
      {},
      "plugin",
    );
    expect(args.type).toBe("twilio-serverless:index:AssetVersion");
    expect(await validateResource(assetVersionSizeLimit, args)).toEqual([
      'AssetVersion "site/big.bin" is 25,000,001 bytes, over the 25,000,000-byte limit for public assets.',
    ]);
  });

  it("refuses a file of a plugin AssetBundle over the private limit of 10 MB", async () => {
    expect(newAssetBundle(new FakeStack("plugin"), "site/files", {}).type).toBe(PLUGIN_TOKENS.AssetBundle);
    const props = { serviceSid: UNKNOWN.string, "file:secret.json": bundleFile("/secret.json", { visibility: "private", size: 10_000_001 }) };
    const found = await validateResource(assetVersionSizeLimit, resourceArgs("AssetBundle", "site/files", props, {}, "plugin"));
    expect(found).toEqual([expect.stringContaining("10,000,000-byte limit for private assets")]);
  });

  it("counts a plugin Build's versions through propertyDependencies, as a dynamic one's", async () => {
    const stack = new FakeStack("plugin");
    const versions = Array.from({ length: 3 }, (_, i) => newAssetVersion(stack, `v${i}`, {}));
    const build = newBuild(stack, "site", { assets: versions });
    expect(build.type).toBe("twilio-serverless:index:Build");
    expect(await validateStack(buildPublicAssetVersionLimit, stack, { maxPublicAssetVersions: 2 })).toEqual([
      expect.objectContaining({ message: expect.stringContaining("includes 3 public and protected asset versions, over the limit of 2"), urn: build.urn }),
    ]);
  });
});
