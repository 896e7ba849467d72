/**
 * AssetFolder under Pulumi's mocks (no engine): which children it declares, under which names and
 * parent, with which inputs, and its outputs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { AssetFolder } from "../../provider/src/components/assetFolder";
import { ASSET_FOLDER_TOKEN } from "../../provider/src/core/kinds";
import { Environment } from "../../provider/src/resources/environment";
import { Service } from "../../provider/src/resources/service";
import { TYPE_TOKENS } from "../../provider/src/core/kinds";
import { tempDir } from "../helpers/common";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, any>;
}

const registered: Registered[] = [];
const DOMAIN = "shop-1234-dev.twil.io";
const SID_PREFIX: Record<string, string> = {
  Service: "ZS",
  Environment: "ZE",
  Asset: "ZH",
  AssetVersion: "ZN",
  Build: "ZB",
  Deployment: "ZD",
};

function value<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

let dir: string;

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        const kind = args.type.split(":").pop()!;
        const sid = `${SID_PREFIX[kind] ?? "XX"}-${args.name}`;
        const extra: Record<string, unknown> = kind === "Environment" ? { domainName: DOMAIN, url: `https://${DOMAIN}` } : {};
        // An AssetBundle answers an Asset and a version per file property (`file:<name>`), in name order.
        if (kind === "AssetBundle") {
          const names = Object.keys(args.inputs).filter((k) => k.startsWith("file:")).sort();
          const assets = Object.fromEntries(names.map((k) => [k.slice("file:".length), { assetSid: `ZH-${k}`, versionSid: `ZN-${k}` }]));
          Object.assign(extra, { assets, assetVersionSids: names.map((k) => `ZN-${k}`), retiredAssetSids: ["ZH-retired"] });
        }
        return { id: sid, state: { ...args.inputs, sid, ...extra } };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    false,
  );
  dir = tempDir("asset-folder-");
  for (const [name, text] of Object.entries({
    "index.html": "<h1>Shop</h1>",
    "images/logo.png": "png",
    "audio/welcome.protected.mp3": "mp3",
    "config/settings.private.json": "{}",
    ".DS_Store": "litter",
  })) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
});

afterAll(async () => {
  // the mocks answer the last registrations before Jest tears the module state down
  await pulumi.runtime.disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

const of = (kind: string) => registered.filter((r) => r.type === TYPE_TOKENS[kind as keyof typeof TYPE_TOKENS]);

describe("AssetFolder", () => {
  let site: AssetFolder;

  beforeAll(() => {
    registered.length = 0;
    const service = new Service("service", { uniqueName: "shop" });
    site = new AssetFolder("shop", {
      service,
      environment: { uniqueName: "dev", domainSuffix: "dev" },
      dir,
      rootPage: "index.html",
      runtime: "node22",
      assetVersions: ["ZNextra0000000000000000000000000001"],
      functionVersions: [pulumi.output("ZNfunction000000000000000000000001")],
      resourcePerFile: true,
    });
  });

  it("with resourcePerFile: true, declares one Asset and one AssetVersion per published file, named <component>/<path in the folder>", async () => {
    await value(site.files);
    const names = ["shop/audio/welcome.protected.mp3", "shop/config/settings.private.json", "shop/images/logo.png", "shop/index.html"];
    expect(of("Asset").map((r) => r.name)).toEqual(names);
    expect(of("AssetVersion").map((r) => r.name)).toEqual(names);
    expect(of("Asset").map((r) => r.inputs.friendlyName)).toEqual(["/audio/welcome.mp3", "/config/settings.json", "/images/logo.png", "/assets/index.html"]);
    const versions = Object.fromEntries(of("AssetVersion").map((r) => [r.name, r.inputs]));
    expect(versions["shop/audio/welcome.protected.mp3"]).toMatchObject({
      serviceSid: "ZS-service",
      assetSid: "ZH-shop/audio/welcome.protected.mp3",
      path: "/audio/welcome.mp3",
      visibility: "protected",
      contentFile: path.join(dir, "audio/welcome.protected.mp3"),
    });
    expect(versions["shop/config/settings.private.json"]).toMatchObject({ path: "/config/settings.json", visibility: "private" });
    expect(versions["shop/index.html"]).toMatchObject({ path: "/assets/index.html", visibility: "public" });
  });

  it("creates the Environment in the Service, one Build of every version (by path) plus the extras, and one Deployment", async () => {
    await value(site.files);
    expect(of("Environment")).toEqual([expect.objectContaining({ name: "shop", inputs: expect.objectContaining({ serviceSid: "ZS-service", uniqueName: "dev", domainSuffix: "dev" }) })]);
    const [build] = of("Build");
    expect(build.name).toBe("shop");
    expect(build.inputs.assetVersionsByPath).toEqual({
      "/assets/index.html": "ZN-shop/index.html",
      "/audio/welcome.mp3": "ZN-shop/audio/welcome.protected.mp3",
      "/config/settings.json": "ZN-shop/config/settings.private.json",
      "/images/logo.png": "ZN-shop/images/logo.png",
    });
    expect(build.inputs.assetVersions).toEqual(["ZNextra0000000000000000000000000001"]);
    expect(build.inputs.functionVersions).toEqual(["ZNfunction000000000000000000000001"]);
    expect(build.inputs.runtime).toBe("node22");
    expect(of("Deployment")).toEqual([
      expect.objectContaining({ name: "shop", inputs: expect.objectContaining({ environmentSid: "ZE-shop", buildSid: "ZB-shop" }) }),
    ]);
  });

  it("parents every child to the component", async () => {
    const urns = await Promise.all([site.environment, site.build, site.deployment, ...Object.values(site.assets), ...Object.values(site.versions)].map((r) => value(r.urn)));
    for (const urn of urns) expect(urn).toContain(`::${ASSET_FOLDER_TOKEN}$pulumi-nodejs:dynamic/twilio:`);
  });

  it("outputs the environment URL and each served path's URL and visibility", async () => {
    expect(await value(site.url)).toBe(`https://${DOMAIN}`);
    expect(await value(site.files)).toEqual({
      "/": { url: `https://${DOMAIN}/`, visibility: "public", file: "index.html" },
      "/audio/welcome.mp3": { url: `https://${DOMAIN}/audio/welcome.mp3`, visibility: "protected", file: "audio/welcome.protected.mp3" },
      "/config/settings.json": { url: `https://${DOMAIN}/config/settings.json`, visibility: "private", file: "config/settings.private.json" },
      "/images/logo.png": { url: `https://${DOMAIN}/images/logo.png`, visibility: "public", file: "images/logo.png" },
    });
  });

  it("deploys to a given Environment and Service SID without creating an environment", async () => {
    registered.length = 0;
    const env = new Environment("existing", { serviceSid: "ZSgiven", uniqueName: "prod" });
    const other = new AssetFolder("other", { service: "ZSgiven", environment: env, dir, include: ["images/**"], resourcePerFile: true });
    await value(other.files);
    expect(of("Environment").map((r) => r.name)).toEqual(["existing"]);
    expect(of("Asset").map((r) => [r.name, r.inputs.serviceSid])).toEqual([["other/images/logo.png", "ZSgiven"]]);
    expect(of("Deployment")[0].inputs).toMatchObject({ serviceSid: "ZSgiven", environmentSid: "ZE-existing" });
    expect(await value(other.environment.urn)).not.toContain(ASSET_FOLDER_TOKEN);
  });

  it("by default holds every file in one AssetBundle, builds its versions by path plus the extras, and cleans up after the Deployment", async () => {
    registered.length = 0;
    const bundled = new AssetFolder("bundled", {
      service: "ZSgiven",
      environment: { uniqueName: "dev" },
      dir,
      rootPage: "index.html",
      assetVersions: ["ZNextra0000000000000000000000000001"],
    });
    expect((await value(bundled.files))["/audio/welcome.mp3"]).toMatchObject({ visibility: "protected", file: "audio/welcome.protected.mp3" });
    expect(of("Asset")).toEqual([]);
    expect(of("AssetVersion")).toEqual([]);
    const [bundle] = of("AssetBundle");
    expect(bundle.name).toBe("bundled");
    expect(bundle.inputs).toEqual({
      serviceSid: "ZSgiven",
      // Its own environment's live build is the site's: a stack leaving the per-file layout keeps its Assets.
      takeOverFrom: "ZE-bundled",
      "file:audio/welcome.protected.mp3": { path: "/audio/welcome.mp3", visibility: "protected", contentFile: path.join(dir, "audio/welcome.protected.mp3") },
      "file:config/settings.private.json": { path: "/config/settings.json", visibility: "private", contentFile: path.join(dir, "config/settings.private.json") },
      "file:images/logo.png": { path: "/images/logo.png", visibility: "public", contentFile: path.join(dir, "images/logo.png") },
      "file:index.html": { path: "/assets/index.html", visibility: "public", contentFile: path.join(dir, "index.html") },
      __resourceName: "bundled",
      __urn: `urn:pulumi:stack::project::${ASSET_FOLDER_TOKEN}$pulumi-nodejs:dynamic/twilio:AssetBundle::bundled`,
      __provider: expect.stringContaining('provider("AssetBundle")'),
    });
    const [build] = of("Build");
    // By path, and the bundle named, so that a preview knows the versions of the files it keeps.
    expect(build.inputs.assetVersionsByPath).toEqual({
      "/assets/index.html": "ZN-file:index.html",
      "/audio/welcome.mp3": "ZN-file:audio/welcome.protected.mp3",
      "/config/settings.json": "ZN-file:config/settings.private.json",
      "/images/logo.png": "ZN-file:images/logo.png",
    });
    expect(build.inputs.__assetBundle).toBe(`urn:pulumi:stack::project::${ASSET_FOLDER_TOKEN}$pulumi-nodejs:dynamic/twilio:AssetBundle::bundled`);
    expect(build.inputs.assetVersions).toEqual(["ZNextra0000000000000000000000000001"]);
    // Registered once the bundle's retired Assets and the Deployment's SID are known.
    expect(await value(bundled.cleanup!.assetSids)).toEqual(["ZH-retired"]);
    expect(of("AssetCleanup")).toEqual([
      expect.objectContaining({ name: "bundled", inputs: expect.objectContaining({ serviceSid: "ZSgiven", assetSids: ["ZH-retired"], after: "ZD-bundled" }) }),
    ]);
    expect(await value(bundled.cleanup!.urn)).toContain(`::${ASSET_FOLDER_TOKEN}$pulumi-nodejs:dynamic/twilio:AssetCleanup::bundled`);
  });

  it("holds a folder of any size in the same few resources by default, and a resource per file only when asked", async () => {
    const big = tempDir("asset-folder-big-");
    try {
      for (let i = 0; i < 1000; i++) fs.writeFileSync(path.join(big, `f${i}.txt`), "x");
      registered.length = 0;
      const args = { service: "ZSgiven", environment: { uniqueName: "e" }, dir: big };
      const folder = new AssetFolder("big", args);
      await Promise.all([value(folder.files), value(folder.cleanup!.id)]);
      expect(registered.map((r) => r.type.split(":").pop()).sort()).toEqual(["AssetBundle", "AssetCleanup", "AssetFolder", "Build", "BuildCleanup", "Deployment", "Environment"]);
      expect(Object.keys(of("AssetBundle")[0].inputs).filter((k) => k.startsWith("file:"))).toHaveLength(1000);
      registered.length = 0;
      await value(new AssetFolder("per-file", { ...args, resourcePerFile: true }).files);
      expect(of("Asset")).toHaveLength(1000);
      expect(of("AssetVersion")).toHaveLength(1000);
      expect(of("AssetBundle")).toEqual([]);
    } finally {
      fs.rmSync(big, { recursive: true, force: true });
    }
  });

  it("lets its Assets take over what an interrupted update left only in a Service of the stack's own, in either layout", async () => {
    registered.length = 0;
    const own = new Service("own", { uniqueName: "own" });
    const perFile = new AssetFolder("own-files", { service: own, environment: { uniqueName: "a" }, dir, include: ["images/**"], resourcePerFile: true });
    const bundled = new AssetFolder("own-bundle", { service: own, environment: { uniqueName: "b" }, dir, include: ["images/**"] });
    const foreign = new AssetFolder("foreign", { service: "ZSgiven", environment: { uniqueName: "c" }, dir, include: ["images/**"], resourcePerFile: true });
    await Promise.all([perFile, bundled, foreign].map((f) => value(f.files)));
    const mine = (kind: string) => of(kind).filter((r) => /^(own-|foreign\/)/.test(r.name));
    expect(mine("Asset").map((r) => [r.name, r.inputs.adoptOrphans]).sort()).toEqual([
      ["foreign/images/logo.png", undefined],
      ["own-files/images/logo.png", true],
    ]);
    expect(mine("AssetBundle").map((r) => [r.name, r.inputs.adoptOrphans])).toEqual([["own-bundle", true]]);
  });

  it("lets a new bundle take over the live build's Assets only from an environment or in a Service of the stack's own, named by its SID", async () => {
    registered.length = 0;
    const own = new Service("own2", { uniqueName: "own2" });
    const given = new Environment("given", { serviceSid: "ZSgiven", uniqueName: "given-env" });
    const folders = [
      new AssetFolder("own-env", { service: "ZSgiven", environment: { uniqueName: "mine" }, dir, include: ["images/**"] }),
      new AssetFolder("own-service", { service: own, environment: given, dir, include: ["images/**"] }),
      new AssetFolder("neither", { service: "ZSgiven", environment: given, dir, include: ["images/**"] }),
    ];
    await Promise.all(folders.map((f) => value(f.files)));
    expect(of("AssetBundle").map((r) => [r.name, r.inputs.takeOverFrom]).sort()).toEqual([
      ["neither", undefined],
      ["own-env", "ZE-own-env"],
      ["own-service", "ZE-given"],
    ]);
  });

  it("refuses more function versions than a build holds at program time", () => {
    const functionVersions = Array.from({ length: 101 }, (_, i) => `ZN${String(i).padStart(32, "0")}`);
    expect(() => new AssetFolder("fns", { service: "ZSx", environment: { uniqueName: "e" }, dir, functionVersions })).toThrow(
      `AssetFolder "fns": functionVersions lists 101 function versions, over Twilio's limit of 100 per build.`,
    );
  });

  it("fails at program time with the scan's message", () => {
    const outside = tempDir("asset-folder-outside-");
    fs.writeFileSync(path.join(outside, "hosts"), "x");
    fs.symlinkSync(path.join(outside, "hosts"), path.join(dir, "hosts.txt"));
    try {
      expect(() => new AssetFolder("bad", { service: "ZSx", environment: { uniqueName: "e" }, dir })).toThrow(
        `AssetFolder "bad": "hosts.txt" is a symbolic link to "${fs.realpathSync(path.join(outside, "hosts"))}", outside the folder`,
      );
    } finally {
      fs.unlinkSync(path.join(dir, "hosts.txt"));
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});
