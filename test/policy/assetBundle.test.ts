/**
 * The asset rules on an AssetBundle: each of its files is checked as one AssetVersion, and named in
 * messages by the bundle and the file's name (each file is a `file:<name>` property of the bundle).
 */
import { UnknownValueError } from "@pulumi/policy";
import { fileProperties } from "../../provider/src/resources/assetBundle";
import { assetVersionNoSecrets, assetVersionPublicImageMetadata } from "../../policy/policies/assetContent";
import { assetVersionRootIndexHtml, assetVersionRootPublic, assetVersionSizeLimit } from "../../policy/policies/assetVersion";
import { buildPrivateAssetVersionLimit, buildPublicAssetVersionLimit, buildUniquePaths } from "../../policy/policies/build";
import { versionPathValid } from "../../policy/policies/paths";
import { StackView } from "../../policy/policies/resources";
import { versionIncludedInBuild } from "../../policy/policies/retention";
import { jpeg } from "./images";
import {
  bundleFile,
  FakeStack,
  newAssetBundle,
  newAssetVersion,
  newBuild,
  newFunctionVersion,
  numberedFiles,
  resourceArgs,
  UNKNOWN,
  validateResource,
  validateStack,
} from "./policyArgs";
import { tempFiles } from "../helpers/common";

const { file, at } = tempFiles("policy-bundle-");

/** A bundle's checked inputs, as a resource policy sees them. */
const bundle = (files: Record<string, unknown>, config = {}) => resourceArgs("AssetBundle", "site", { serviceSid: UNKNOWN.string, ...fileProperties(files) }, config);

const EIFFEL = { latitude: 48.8584, longitude: 2.2945 };

describe("#assetVersionSizeLimit on a bundle", () => {
  it("fails each file over the limit of its visibility, naming the bundle and the file", async () => {
    const files = {
      "data/big.json": bundleFile("/data/big.json", { visibility: "private", size: 12_000_000 }),
      "img/a.png": bundleFile("/img/a.png", { size: 25_000_000 + 1 }),
      "img/b.png": bundleFile("/img/b.png", { size: 12_000_000 }),
    };
    expect(await validateResource(assetVersionSizeLimit, bundle(files))).toEqual([
      'AssetBundle "site" file "data/big.json" is 12,000,000 bytes, over the 10,000,000-byte limit for private assets.',
      'AssetBundle "site" file "img/a.png" is 25,000,001 bytes, over the 25,000,000-byte limit for public assets.',
    ]);
  });

  it("passes files exactly at their limits, and uses the limits from policy config", async () => {
    const files = {
      pub: bundleFile("/pub", { size: 25_000_000 }),
      prot: bundleFile("/prot", { visibility: "protected", size: 25_000_000 }),
      priv: bundleFile("/priv", { visibility: "private", size: 10_000_000 }),
    };
    expect(await validateResource(assetVersionSizeLimit, bundle(files))).toEqual([]);
    expect(await validateResource(assetVersionSizeLimit, bundle(files, { maxPrivateBytes: 1_000 }))).toEqual([
      expect.stringContaining('AssetBundle "site" file "priv" is 10,000,000 bytes, over the 1,000-byte limit'),
    ]);
  });

  it("lets the engine report that it cannot run when a file is unknown", async () => {
    await expect(validateResource(assetVersionSizeLimit, bundle({ "a.txt": UNKNOWN.string }))).rejects.toBeInstanceOf(
      UnknownValueError,
    );
  });
});

describe("#assetVersionRootPublic on a bundle", () => {
  it("fails a private file at /", async () => {
    const files = { "index.html": bundleFile("/", { visibility: "private", contentType: "text/html" }) };
    expect(await validateResource(assetVersionRootPublic, bundle(files))).toEqual([
      'AssetBundle "site" file "index.html" is served at the root path "/" but is private, and Twilio serves only a public asset there.',
    ]);
  });

  it("passes a public file at / and private files elsewhere", async () => {
    const files = { "index.html": bundleFile("/"), "cfg.json": bundleFile("/cfg.json", { visibility: "private" }) };
    expect(await validateResource(assetVersionRootPublic, bundle(files))).toEqual([]);
  });
});

describe("#assetVersionRootIndexHtml on a bundle", () => {
  it("fails a JPEG file at /assets/index.html, read from its contentFile", async () => {
    const contentFile = file("index.html", jpeg());
    const files = { "assets/index.html": bundleFile("/assets/index.html", { contentType: "text/html", contentFile }) };
    expect(await validateResource(assetVersionRootIndexHtml, bundle(files))).toEqual([
      'AssetBundle "site" file "assets/index.html" has the path "/assets/index.html" but its content is a JPEG image, and Twilio serves only HTML from that path.',
    ]);
  });

  it("passes an HTML file there, and a PNG at any other path", async () => {
    const contentFile = file("page.html", "<!DOCTYPE html><html></html>");
    const files = {
      "assets/index.html": bundleFile("/assets/index.html", { contentType: "text/html", contentFile }),
      "logo.png": bundleFile("/logo.png", { contentType: "image/png" }),
    };
    expect(await validateResource(assetVersionRootIndexHtml, bundle(files))).toEqual([]);
  });
});

describe("#versionPathValid on a bundle", () => {
  it("fails each refused path, cutting a long file key as it cuts the path", async () => {
    const long = "a".repeat(255);
    const files = { "my file.txt": bundleFile("/my file.txt"), [long]: bundleFile(`/${long}`), "ok.txt": bundleFile("/ok.txt") };
    expect(await validateResource(versionPathValid, bundle(files))).toEqual([
      'AssetBundle "site" file "my file.txt" has the path "/my file.txt", which contains whitespace.',
      `AssetBundle "site" file "${"a".repeat(57)}..." has the path "/${"a".repeat(56)}...", which is 256 characters long, over the limit of 255.`,
    ]);
  });

  it("passes ordinary paths", async () => {
    const files = { "index.html": bundleFile("/index.html"), "css/site.css": bundleFile("/css/site.css") };
    expect(await validateResource(versionPathValid, bundle(files))).toEqual([]);
  });
});

describe("#assetVersionPublicImageMetadata on a bundle", () => {
  it("warns about a public JPEG file with GPS coordinates", async () => {
    const files = {
      "photo.jpg": bundleFile("/photo.jpg", { contentType: "image/jpeg", contentFile: file("gps.jpg", jpeg({ gps: EIFFEL })) }),
      "clean.jpg": bundleFile("/clean.jpg", { contentType: "image/jpeg", contentFile: file("clean.jpg", jpeg()) }),
    };
    expect(await validateResource(assetVersionPublicImageMetadata, bundle(files))).toEqual([
      'AssetBundle "site" file "photo.jpg" is a public image whose EXIF metadata includes GPS coordinates (GPSLatitudeRef, GPSLatitude, GPSLongitudeRef, GPSLongitude), which Twilio serves as uploaded.',
    ]);
  });

  it("passes the same image as a private file, and a file that is gone", async () => {
    const files = {
      "photo.jpg": bundleFile("/photo.jpg", { visibility: "private", contentType: "image/jpeg", contentFile: file("gps2.jpg", jpeg({ gps: EIFFEL })) }),
      "gone.jpg": bundleFile("/gone.jpg", { contentType: "image/jpeg", contentFile: at("missing.jpg") }),
    };
    expect(await validateResource(assetVersionPublicImageMetadata, bundle(files))).toEqual([]);
  });
});

describe("#assetVersionNoSecrets on a bundle", () => {
  it("warns about a public .env file and a protected file holding a private key", async () => {
    const files = {
      ".env": bundleFile("/.env", { contentFile: file("env", "API_TOKEN=not-a-real-token\n") }),
      "keys/site.txt": bundleFile("/keys/site.txt", { visibility: "protected", contentFile: file("k.txt", "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n") }),
    };
    expect(await validateResource(assetVersionNoSecrets, bundle(files))).toEqual([
      'AssetBundle "site" file ".env" is public and looks like a secret (a .env file), which belongs in a private asset or an environment variable.',
      expect.stringContaining('AssetBundle "site" file "keys/site.txt" is protected and looks like a secret (a PEM private key)'),
    ]);
  });

  it("passes the .env file as a private file, and ordinary public files", async () => {
    const files = {
      ".env": bundleFile("/.env", { visibility: "private", contentFile: file("env2", "API_TOKEN=not-a-real-token\n") }),
      "index.html": bundleFile("/index.html", { contentType: "text/html", contentFile: file("i.html", "<html></html>") }),
    };
    expect(await validateResource(assetVersionNoSecrets, bundle(files))).toEqual([]);
  });
});

describe("#buildPublicAssetVersionLimit with a bundle", () => {
  it("counts each public and protected file of a bundle the Build depends on, with its AssetVersions", async () => {
    const stack = new FakeStack();
    const site = newAssetBundle(stack, "site", { ...numberedFiles("pub", 600), ...numberedFiles("prot", 399, "protected") });
    const extra = [newAssetVersion(stack, "extra0", {}), newAssetVersion(stack, "extra1", {})];
    const build = newBuild(stack, "site", { assets: extra, bundles: [site] });
    expect(await validateStack(buildPublicAssetVersionLimit, stack)).toEqual([
      {
        message: 'Build "site" includes 1,001 public and protected asset versions, over the limit of 1,000 per build.',
        urn: build.urn,
      },
    ]);
  });

  it("passes 1,000 public files alongside private ones", async () => {
    const stack = new FakeStack();
    const site = newAssetBundle(stack, "site", { ...numberedFiles("pub", 1000), ...numberedFiles("priv", 10, "private") });
    newBuild(stack, "site", { bundles: [site] });
    expect(await validateStack(buildPublicAssetVersionLimit, stack)).toEqual([]);
  });

  it("finds the bundle by its version SIDs on an existing stack", async () => {
    const stack = new FakeStack();
    stack.add("AssetBundle", "site", { serviceSid: "ZS01", ...fileProperties(numberedFiles("pub", 3)), assetVersionSids: ["ZN01", "ZN02", "ZN03"] });
    stack.add("Build", "site", { sid: "ZB01", assetVersions: ["ZN01", "ZN02", "ZN03"] });
    expect(await validateStack(buildPublicAssetVersionLimit, stack, { maxPublicAssetVersions: 2 })).toEqual([
      expect.objectContaining({ message: expect.stringContaining("includes 3 public and protected asset versions, over the limit of 2") }),
    ]);
    expect(await validateStack(buildPublicAssetVersionLimit, stack, { maxPublicAssetVersions: 3 })).toEqual([]);
  });
});

describe("#buildPrivateAssetVersionLimit with a bundle", () => {
  it("fails a Build whose bundle has 51 private files", async () => {
    const stack = new FakeStack();
    newBuild(stack, "site", { bundles: [newAssetBundle(stack, "site", numberedFiles("priv", 50 + 1, "private"))] });
    expect(await validateStack(buildPrivateAssetVersionLimit, stack)).toEqual([
      expect.objectContaining({ message: 'Build "site" includes 51 private asset versions, over the limit of 50 per build.' }),
    ]);
  });

  it("passes 50 private files", async () => {
    const stack = new FakeStack();
    newBuild(stack, "site", { bundles: [newAssetBundle(stack, "site", numberedFiles("priv", 50, "private"))] });
    expect(await validateStack(buildPrivateAssetVersionLimit, stack)).toEqual([]);
  });
});

describe("#buildUniquePaths with a bundle", () => {
  it("fails a bundle file and a function version with the same path in one Build", async () => {
    const stack = new FakeStack();
    const site = newAssetBundle(stack, "site", { "hello.txt": bundleFile("/hello"), "a.txt": bundleFile("/a.txt") });
    const build = newBuild(stack, "site", { bundles: [site], functions: [newFunctionVersion(stack, "hello")] });
    expect(await validateStack(buildUniquePaths, stack)).toEqual([
      {
        message:
          'Build "site" includes 2 versions with the path "/hello" (AssetBundle "site" file "hello.txt", FunctionVersion "hello"), over the limit of one version per path.',
        urn: build.urn,
      },
    ]);
  });

  it("passes the same path in bundles of two different Builds", async () => {
    const stack = new FakeStack();
    newBuild(stack, "one", { bundles: [newAssetBundle(stack, "one", { x: bundleFile("/x") })] });
    newBuild(stack, "two", { bundles: [newAssetBundle(stack, "two", { x: bundleFile("/x") })] });
    expect(await validateStack(buildUniquePaths, stack)).toEqual([]);
  });
});

describe("#versionIncludedInBuild with a bundle", () => {
  it("warns about a bundle that no Build includes", async () => {
    const stack = new FakeStack();
    const orphan = newAssetBundle(stack, "orphan", numberedFiles("f", 2));
    newBuild(stack, "site", { bundles: [newAssetBundle(stack, "built", numberedFiles("g", 2))] });
    expect(await validateStack(versionIncludedInBuild, stack)).toEqual([
      { message: 'AssetBundle "orphan" is in no Build, so Twilio deletes the versions of its files after 7 days.', urn: orphan.urn },
    ]);
  });

  it("passes a bundle that a Build names by its version SIDs on an existing stack", async () => {
    const stack = new FakeStack();
    stack.add("AssetBundle", "site", { ...fileProperties(numberedFiles("f", 2)), assetVersionSids: ["ZN01", "ZN02"] });
    stack.add("Build", "site", { sid: "ZB01", assetVersions: ["ZN01", "ZN02", "ZN99"] });
    expect(await validateStack(versionIncludedInBuild, stack)).toEqual([]);
  });
});

describe("StackView.referenced with a bundle", () => {
  it("does not take a bundle's version SIDs for versions made outside the stack", () => {
    const stack = new FakeStack();
    const site = stack.add("AssetBundle", "site", { assetVersionSids: ["ZN01", "ZN02"] });
    const build = stack.add("Build", "b", { assetVersions: ["ZN01", "ZN02", "ZNext"] }, { assetVersions: [site] });
    expect(new StackView(stack.resources).referenced(build, "assetVersions", "AssetBundle")).toEqual({ resources: [site], external: ["ZNext"] });
  });
});

describe("a bundle's files as `file:<name>` properties", () => {
  const asProperties = fileProperties;

  it("is checked file by file by the resource rules", async () => {
    const props = { serviceSid: UNKNOWN.string, ...asProperties({ "img/a.png": bundleFile("/img/a.png", { size: 30_000_000 }) }) };
    expect(await validateResource(assetVersionSizeLimit, resourceArgs("AssetBundle", "site", props))).toEqual([
      'AssetBundle "site" file "img/a.png" is 30,000,000 bytes, over the 25,000,000-byte limit for public assets.',
    ]);
    const small = { serviceSid: UNKNOWN.string, ...asProperties({ "img/a.png": bundleFile("/img/a.png") }) };
    expect(await validateResource(assetVersionSizeLimit, resourceArgs("AssetBundle", "site", small))).toEqual([]);
  });

  it("is counted file by file in its Build, leaving out a file that is unknown", async () => {
    const stack = new FakeStack();
    const files = { ...asProperties(numberedFiles("priv", 3, "private")), "file:later": UNKNOWN.string };
    const site = stack.add("AssetBundle", "site", { serviceSid: UNKNOWN.string, ...files, assetVersionSids: UNKNOWN.array });
    newBuild(stack, "site", { bundles: [site] });
    expect(await validateStack(buildPrivateAssetVersionLimit, stack, { maxPrivateAssetVersions: 2 })).toEqual([
      expect.objectContaining({ message: 'Build "site" includes 3 private asset versions, over the limit of 2 per build.' }),
    ]);
    expect(await validateStack(buildPrivateAssetVersionLimit, stack, { maxPrivateAssetVersions: 3 })).toEqual([]);
  });
});
