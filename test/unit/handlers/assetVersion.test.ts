import * as fs from "node:fs";
import * as path from "node:path";
import { ASSET_SIG, SIG_KEY, stringAssetWire } from "../../../provider/src/core/content";
import { handlers } from "../../../provider/src/core/handlers";
import { UNKNOWN } from "../../../provider/src/core/handlers/validation";
import { refusals, sha256, tempDir } from "../../helpers/common";

const assetVersionHandler = handlers.AssetVersion;
const ZH = "ZH" + "a".repeat(32);
const fileAssetWire = (p: string) => ({ [SIG_KEY]: ASSET_SIG, path: p });

let dir: string;
beforeAll(() => {
  dir = tempDir("asset-version-check-");
  fs.writeFileSync(path.join(dir, "index.html"), "<h1>hi</h1>");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const check = (news: Record<string, unknown>) =>
  assetVersionHandler.check({}, { __resourceName: "logo", serviceSid: "ZS1", assetSid: ZH, visibility: "public", ...news });

describe("AssetVersion check", () => {
  it("computes size, SHA-256 and media type of a file, normalizing the path", async () => {
    const file = path.join(dir, "index.html");
    expect(await check({ path: "index.html", contentFile: file })).toEqual({
      inputs: {
        __resourceName: "logo",
        serviceSid: "ZS1",
        assetSid: ZH,
        path: "/index.html",
        visibility: "public",
        size: 11,
        contentSha256: sha256("<h1>hi</h1>"),
        contentType: "text/html",
        contentFile: file,
      },
    });
  });

  it("resolves a relative contentFile or FileAsset against the working directory", async () => {
    const relative = path.relative(process.cwd(), path.join(dir, "index.html"));
    const fromFile = await check({ path: "/i.html", contentFile: relative });
    const fromAsset = await check({ path: "/i.html", content: fileAssetWire(relative) });
    expect(fromFile.inputs?.contentFile).toBe(path.join(dir, "index.html"));
    expect(fromAsset.inputs).toEqual(fromFile.inputs);
  });

  it("keeps text content in state and hashes it", async () => {
    const result = await check({ path: "/robots.txt", content: stringAssetWire("User-agent: *") });
    expect(result.inputs).toMatchObject({
      size: 13,
      contentSha256: sha256("User-agent: *"),
      contentType: "text/plain",
      content: stringAssetWire("User-agent: *"),
    });
    expect(result.inputs).not.toHaveProperty("contentFile");
  });

  it.each(refusals([
    [{ path: "/a b.png", content: stringAssetWire("x") }, "path", 'AssetVersion "logo": path "/a b.png" contains whitespace'],
    [{ path: "/a?.png", content: stringAssetWire("x") }, "path", `AssetVersion "logo": path "/a?.png" contains the forbidden character '?' (none of ;,?:@+&$()'" are allowed)`],
    [{ path: "/" + "p".repeat(255), content: stringAssetWire("x") }, "path", `AssetVersion "logo": path "/${"p".repeat(79)}…" is 256 characters long, over the limit of 255`],
    [{ path: "/a", visibility: "secret", content: stringAssetWire("x") }, "visibility", 'AssetVersion "logo": visibility "secret" is not one of public, protected, private'],
    [{ path: "/a" }, "contentFile", 'AssetVersion "logo": set exactly one of content (a FileAsset or StringAsset) and contentFile (a file path)'],
    [{ path: "/a", contentFile: "/nope/missing.png" }, "contentFile", 'AssetVersion "logo": contentFile "/nope/missing.png" does not exist'],
    [{ path: "/a", content: { [SIG_KEY]: ASSET_SIG, uri: "https://example.com/x.png" } }, "content", 'AssetVersion "logo": content "https://example.com/x.png" is not supported: use a FileAsset, a StringAsset or contentFile'],
  ]))("refuses $reason", async ({ news, property, reason }) => {
    expect((await check(news)).failures).toEqual([{ property, reason }]);
  });

  it("refuses a directory", async () => {
    expect((await check({ path: "/a", contentFile: dir })).failures).toEqual([
      { property: "contentFile", reason: `AssetVersion "logo": contentFile ${JSON.stringify(dir)} is not a regular file` },
    ]);
  });

  it("refuses a file over the size limit of its visibility, naming the limit", async () => {
    const big = path.join(dir, "big.bin");
    fs.writeFileSync(big, "");
    fs.truncateSync(big, 10_000_000 + 1); // sparse: no 10 MB written
    const failures = (await check({ path: "/big.bin", visibility: "private", contentFile: big })).failures;
    expect(failures).toEqual([
      {
        property: "contentFile",
        reason: `AssetVersion "logo": contentFile ${JSON.stringify(big)} is 10,000,001 bytes, over the limit of 10,000,000 bytes for private versions`,
      },
    ]);
    expect((await check({ path: "/big.bin", visibility: "public", contentFile: big })).failures).toBeUndefined();
  });

  it("leaves content that is not known yet unknown", async () => {
    const result = await check({ path: "/a.txt", contentFile: UNKNOWN });
    expect(result.failures).toBeUndefined();
    expect(result.inputs).toMatchObject({ size: UNKNOWN, contentSha256: UNKNOWN, contentFile: UNKNOWN, contentType: "text/plain" });
  });
});

describe("AssetVersion diff", () => {
  const olds = { serviceSid: "ZS1", assetSid: ZH, path: "/a.txt", visibility: "public", size: 1, contentSha256: sha256("a"), contentType: "text/plain", contentFile: "/old/place/a.txt", sid: "ZN1" };

  it("ignores where the file lives when its content is the same", async () => {
    expect(await assetVersionHandler.diff("ZN1", olds, { ...olds, contentFile: "/new/place/a.txt", sid: undefined })).toEqual({ changes: false });
  });

  it("replaces when the content, path or visibility changes", async () => {
    for (const [field, value] of [
      ["contentSha256", sha256("b")],
      ["path", "/b.txt"],
      ["visibility", "private"],
      ["assetSid", "ZH" + "b".repeat(32)],
    ]) {
      expect(await assetVersionHandler.diff("ZN1", olds, { ...olds, [field]: value })).toEqual({
        changes: true,
        replaces: [field],
        deleteBeforeReplace: false,
      });
    }
  });
});
