import * as fs from "node:fs";
import * as path from "node:path";
import { UnknownValueError } from "@pulumi/policy";
import { assetVersionRootIndexHtml, assetVersionRootPublic, assetVersionSizeLimit } from "../../policy/policies/assetVersion";
import { jpeg } from "./images";
import { resourceArgs, UNKNOWN, validateResource } from "./policyArgs";
import { tempDir } from "../helpers/common";

/** Twilio's largest version by visibility: 25 MB public and protected, 10 MB private (Serverless API page, "Limits"; MB read as 10^6). */
const TWILIO_MAX_BYTES = { public: 25_000_000, protected: 25_000_000, private: 10_000_000 } as const;

const version = (props: Record<string, unknown>) => ({
  serviceSid: UNKNOWN.string,
  assetSid: UNKNOWN.string,
  path: "/logo.png",
  visibility: "public",
  size: 1000,
  contentType: "image/png",
  ...props,
});

describe("#assetVersionSizeLimit", () => {
  it("fails a public version one byte over 25 MB, naming the resource, size and limit", async () => {
    const args = resourceArgs("AssetVersion", "logo", version({ size: 25_000_000 + 1 }));
    expect(await validateResource(assetVersionSizeLimit, args)).toEqual([
      'AssetVersion "logo" is 25,000,001 bytes, over the 25,000,000-byte limit for public assets.',
    ]);
  });

  it("fails a private version over 10 MB that would pass as public", async () => {
    const args = resourceArgs("AssetVersion", "data", version({ visibility: "private", size: 12_000_000 }));
    expect(await validateResource(assetVersionSizeLimit, args)).toEqual([
      'AssetVersion "data" is 12,000,000 bytes, over the 10,000,000-byte limit for private assets.',
    ]);
  });

  it("fails a protected version over its limit", async () => {
    const args = resourceArgs("AssetVersion", "audio", version({ visibility: "protected", size: 30_000_000 }));
    expect(await validateResource(assetVersionSizeLimit, args)).toEqual([
      expect.stringContaining("over the 25,000,000-byte limit for protected assets."),
    ]);
  });

  it("passes versions exactly at their limit", async () => {
    for (const visibility of ["public", "protected", "private"] as const) {
      const args = resourceArgs("AssetVersion", "edge", version({ visibility, size: TWILIO_MAX_BYTES[visibility] }));
      expect(await validateResource(assetVersionSizeLimit, args)).toEqual([]);
    }
  });

  it("uses the limits from policy config (an account with raised limits)", async () => {
    const big = version({ size: 30_000_000 });
    expect(await validateResource(assetVersionSizeLimit, resourceArgs("AssetVersion", "big", big, { maxPublicBytes: 50_000_000 }))).toEqual([]);
    const small = version({ visibility: "private", size: 2_000 });
    expect(await validateResource(assetVersionSizeLimit, resourceArgs("AssetVersion", "small", small, { maxPrivateBytes: 1_000 }))).toEqual([
      'AssetVersion "small" is 2,000 bytes, over the 1,000-byte limit for private assets.',
    ]);
  });

  it("passes at preview on a new stack, where only the SIDs are unknown", async () => {
    const args = resourceArgs("AssetVersion", "logo", version({ size: 10 }));
    expect(await validateResource(assetVersionSizeLimit, args)).toEqual([]);
  });

  it("lets the engine report that it cannot run when the size itself is unknown", async () => {
    const args = resourceArgs("AssetVersion", "logo", version({ size: UNKNOWN.number }));
    await expect(validateResource(assetVersionSizeLimit, args)).rejects.toBeInstanceOf(UnknownValueError);
  });

  it("ignores other resource kinds", async () => {
    const args = resourceArgs("FunctionVersion", "fn", version({ size: 99_000_000 }));
    expect(await validateResource(assetVersionSizeLimit, args)).toEqual([]);
  });
});

describe("#assetVersionRootPublic", () => {
  it("fails a private asset at /", async () => {
    const args = resourceArgs("AssetVersion", "home", version({ path: "/", visibility: "private" }));
    expect(await validateResource(assetVersionRootPublic, args)).toEqual([
      'AssetVersion "home" is served at the root path "/" but is private, and Twilio serves only a public asset there.',
    ]);
  });

  it("fails a protected /assets/index.html, also when written without the leading slash", async () => {
    const args = resourceArgs("AssetVersion", "index", version({ path: "assets/index.html", visibility: "protected" }));
    expect(await validateResource(assetVersionRootPublic, args)).toEqual([
      expect.stringContaining('root path "/assets/index.html" but is protected'),
    ]);
  });

  it("passes a public root asset and a private asset elsewhere", async () => {
    expect(await validateResource(assetVersionRootPublic, resourceArgs("AssetVersion", "home", version({ path: "/" })))).toEqual([]);
    const elsewhere = resourceArgs("AssetVersion", "cfg", version({ path: "/config.json", visibility: "private" }));
    expect(await validateResource(assetVersionRootPublic, elsewhere)).toEqual([]);
  });
});

describe("#assetVersionRootIndexHtml", () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir("policy-index-");
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("fails /assets/index.html whose content type is not HTML", async () => {
    const args = resourceArgs("AssetVersion", "index", version({ path: "/assets/index.html", contentType: "image/png" }));
    expect(await validateResource(assetVersionRootIndexHtml, args)).toEqual([
      'AssetVersion "index" has the path "/assets/index.html" but its content is image/png, and Twilio serves only HTML from that path.',
    ]);
  });

  it("fails /assets/index.html typed as HTML from its name whose file is a JPEG", async () => {
    const file = path.join(dir, "index.html");
    fs.writeFileSync(file, jpeg());
    const props = version({ path: "/assets/index.html", contentType: "text/html", contentFile: file });
    expect(await validateResource(assetVersionRootIndexHtml, resourceArgs("AssetVersion", "index", props))).toEqual([
      expect.stringContaining("its content is a JPEG image"),
    ]);
  });

  it("fails a PNG file uploaded at /assets/index.html, which the provider types as HTML from the path", async () => {
    const file = path.join(dir, "logo.png");
    fs.writeFileSync(file, "not really a png");
    const props = version({ path: "/assets/index.html", contentType: "text/html", contentFile: file });
    expect(await validateResource(assetVersionRootIndexHtml, resourceArgs("AssetVersion", "index", props))).toEqual([
      'AssetVersion "index" has the path "/assets/index.html" but its content is image/png, and Twilio serves only HTML from that path.',
    ]);
  });

  it("passes an HTML file (with a charset parameter) at /assets/index.html", async () => {
    const file = path.join(dir, "page.html");
    fs.writeFileSync(file, "<!DOCTYPE html><html><body>hi</body></html>");
    const props = version({ path: "/assets/index.html", contentType: "text/html; charset=utf-8", contentFile: file });
    expect(await validateResource(assetVersionRootIndexHtml, resourceArgs("AssetVersion", "index", props))).toEqual([]);
  });

  it("passes a PNG at any other path", async () => {
    const args = resourceArgs("AssetVersion", "logo", version({ path: "/logo.png", contentType: "image/png" }));
    expect(await validateResource(assetVersionRootIndexHtml, args)).toEqual([]);
  });

  it("passes when the content type is not known yet and there is no file to look at", async () => {
    const args = resourceArgs("AssetVersion", "index", version({ path: "/assets/index.html", contentType: UNKNOWN.string }));
    expect(await validateResource(assetVersionRootIndexHtml, args)).toEqual([]);
  });
});
