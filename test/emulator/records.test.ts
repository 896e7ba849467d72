/**
 * Twilio as records of real runs show it (emulator/README.md, "Known from real runs"): each test
 * names the record it holds the emulator to. The numbers and texts are literals on purpose, not
 * the emulator's constants, so that a wrong fact in facts.ts fails here.
 */
import type { EmulatorOptions, RunningEmulator } from "../../emulator/src/index";
import { uniqueName } from "../helpers/common";
import { Api, deploySite, expectError, rawRequest, startTestEmulator, waitForBuild } from "./helpers";

/** The twilio package the emulator runs Functions with: the version it lists as Twilio's default SDK. */
const SDK_VERSION = (require("twilio/package.json") as { version: string }).version;

let emulator: RunningEmulator;
let api: Api;
const logLines: string[] = [];

beforeAll(async () => {
  // Dependencies are not looked up in npm here: what is tested is what Twilio does with them after.
  emulator = await startTestEmulator({ resolveDependencies: false, log: (line) => logLines.push(line) });
  api = new Api(emulator);
});
afterAll(() => emulator?.close());

/** A service with `n` assets, one version each (paths /0.txt, /1.txt, …), and `functions` functions. */
async function serviceWithVersions(n: number, functions = 0) {
  const service = await api.service();
  const sb = `/v1/Services/${service.sid}`;
  const upload = async (segment: "Assets" | "Functions", path: string) => {
    const parent = api.expect(201, await api.post(`${sb}/${segment}`, { FriendlyName: path }));
    return api.expect(201, await api.upload(`${sb}/${segment}/${parent.sid}/Versions`, { Path: path, Visibility: "public" }, path)).sid as string;
  };
  const assetVersions: string[] = [];
  for (let i = 0; i < n; i++) assetVersions.push(await upload("Assets", `/${i}.txt`));
  const functionVersions: string[] = [];
  for (let i = 0; i < functions; i++) functionVersions.push(await upload("Functions", `/f${i}`));
  return { service, sb, assetVersions, functionVersions };
}

const sids = (items: { sid: string }[]) => items.map((i) => i.sid);

/** Runs `body` against an emulator of its own (with these options), given a service with one asset version. */
async function withOwnEmulator(
  options: EmulatorOptions,
  body: (own: { api: Api; serviceSid: string; sb: string; assetVersion: string }) => Promise<void>,
): Promise<void> {
  const own = await startTestEmulator(options);
  try {
    const ownApi = new Api(own);
    const service = await ownApi.service();
    const sb = `/v1/Services/${service.sid}`;
    const asset = ownApi.expect(201, await ownApi.post(`${sb}/Assets`, { FriendlyName: "a" }));
    const av = ownApi.expect(201, await ownApi.upload(`${sb}/Assets/${asset.sid}/Versions`, { Path: "/a", Visibility: "public" }, "a"));
    await body({ api: ownApi, serviceSid: service.sid, sb, assetVersion: av.sid });
  } finally {
    await own.close();
  }
}

describe("lists come newest first", () => {
  // RJPearson94/terraform-provider-twilio reads versions[0] and deployments[0] as the latest ("The twilio api return the latest
  // version as the first element in the array"), checked against real accounts by TestAccTwilioServerlessFunction_update and
  // TestAccTwilioServerlessDeployment_createBeforeDestroy; twilio-video-app-react PR #602: "first build will always return latest".
  it("Builds, Deployments, Function Versions and Asset Versions", async () => {
    const { service, sb, assetVersions } = await serviceWithVersions(1);
    const fn = api.expect(201, await api.post(`${sb}/Functions`, { FriendlyName: "fn" }));
    const fv1 = api.expect(201, await api.upload(`${sb}/Functions/${fn.sid}/Versions`, { Path: "/fn", Visibility: "public" }, "1"));
    const fv2 = api.expect(201, await api.upload(`${sb}/Functions/${fn.sid}/Versions`, { Path: "/fn", Visibility: "public" }, "2"));
    expect(sids((await api.get(`${sb}/Functions/${fn.sid}/Versions`)).body.function_versions)).toEqual([fv2.sid, fv1.sid]);
    const asset = (await api.get(`${sb}/Assets`)).body.assets[0];
    const av2 = api.expect(201, await api.upload(`${sb}/Assets/${asset.sid}/Versions`, { Path: "/0.txt", Visibility: "public" }, "again"));
    expect(sids((await api.get(`${sb}/Assets/${asset.sid}/Versions`)).body.asset_versions)).toEqual([av2.sid, assetVersions[0]]);

    const b1 = api.expect(201, await api.post(`${sb}/Builds`, { AssetVersions: assetVersions }));
    const b2 = api.expect(201, await api.post(`${sb}/Builds`, { AssetVersions: [av2.sid] }));
    expect(sids((await api.get(`${sb}/Builds`)).body.builds)).toEqual([b2.sid, b1.sid]);
    // Paging keeps the order: one build a page, newest first.
    const first = (await api.get(`${sb}/Builds?PageSize=1`)).body;
    const next = (await api.get(first.meta.next_page_url.slice(emulator.url.length))).body;
    expect([...sids(first.builds), ...sids(next.builds)]).toEqual([b2.sid, b1.sid]);

    await waitForBuild(api, service.sid, b1.sid);
    await waitForBuild(api, service.sid, b2.sid);
    const env = api.expect(201, await api.post(`${sb}/Environments`, { UniqueName: "env" }));
    const d1 = api.expect(201, await api.post(`${sb}/Environments/${env.sid}/Deployments`, { BuildSid: b1.sid }));
    const d2 = api.expect(201, await api.post(`${sb}/Environments/${env.sid}/Deployments`, { BuildSid: b2.sid }));
    const deployments = (await api.get(`${sb}/Environments/${env.sid}/Deployments`)).body.deployments;
    expect(sids(deployments)).toEqual([d2.sid, d1.sid]);
    // TestCheckNoResourceAttr(…, "date_updated") in every acceptance test of terraform's deployment resource: Twilio leaves it null.
    expect(deployments.map((d: { date_updated: unknown }) => d.date_updated)).toEqual([null, null]);
  });
});

describe("a build's versions come in no fixed order", () => {
  // terraform-provider-twilio CHANGELOG v0.10.0 (2021-04-25): versions "returned in a random order", seen as drift in use.
  it("not in the order they were sent, the same order at every read", async () => {
    const { service, sb, assetVersions, functionVersions } = await serviceWithVersions(6, 3);
    const build = api.expect(201, await api.post(`${sb}/Builds`, { AssetVersions: assetVersions, FunctionVersions: functionVersions }));
    expect(sids(build.asset_versions)).not.toEqual(assetVersions);
    expect(sids(build.function_versions)).not.toEqual(functionVersions);
    expect([...sids(build.asset_versions)].sort()).toEqual([...assetVersions].sort());
    expect([...sids(build.function_versions)].sort()).toEqual([...functionVersions].sort());
    const fetched = (await api.get(`${sb}/Builds/${build.sid}`)).body;
    expect(sids(fetched.asset_versions)).toEqual(sids(build.asset_versions));
    const listed = (await api.get(`${sb}/Builds`)).body.builds[0];
    expect(sids(listed.function_versions)).toEqual(sids(build.function_versions));
    // Two versions: never the order they were sent in either.
    const pair = api.expect(201, await api.post(`${sb}/Builds`, { AssetVersions: assetVersions.slice(0, 2) }));
    expect(sids(pair.asset_versions)).toEqual(assetVersions.slice(0, 2).reverse());
    await waitForBuild(api, service.sid, pair.sid);
  });
});

describe("CreateBuild adds default Dependencies", () => {
  // Twilio changelog 2021-02-02 ("We now display the default version of the Twilio SDK dependency and Runtime handler included
  // on all Builds … build details using API"); Dependencies page ("You will always see twilio and @twilio/runtime-handler … in
  // the Build response returned by the Serverless API"); handler page: 2.0.1 "is the new default version"; node24 needs 2.1.2.
  it("twilio and @twilio/runtime-handler, unless declared; the declared versions kept", async () => {
    const { sb, assetVersions } = await serviceWithVersions(1);
    const bare = api.expect(201, await api.post(`${sb}/Builds`, { AssetVersions: assetVersions }));
    expect(bare.dependencies).toEqual([
      { name: "twilio", version: SDK_VERSION },
      { name: "@twilio/runtime-handler", version: "2.0.1" },
    ]);
    const declared = [{ name: "lodash", version: "4.17.21" }, { name: "twilio", version: "5.0.0" }];
    const own = api.expect(201, await api.post(`${sb}/Builds`, { AssetVersions: assetVersions, Dependencies: JSON.stringify(declared) }));
    expect(own.dependencies).toEqual([...declared, { name: "@twilio/runtime-handler", version: "2.0.1" }]);
    const node24 = api.expect(201, await api.post(`${sb}/Builds`, { AssetVersions: assetVersions, Runtime: "node24" }));
    expect(node24.dependencies).toContainEqual({ name: "@twilio/runtime-handler", version: "2.1.2" });
  });

  // RJPearson94/terraform-provider-twilio: acceptance tests moved from 1 to 5 dependencies on 2020-12-23 ("to cater for changes
  // in the Twilio API"), to 6 on 2021-02-08; docs/resources/serverless_build.md: "Twilio are currently injecting dependencies (at
  // the time of writing it is twilio, fs, lodash, util, xmldom & @twilio/runtime-handler)".
  it("with defaultDependencies 2021, also fs, lodash, util and xmldom, as real runs saw then", async () => {
    await withOwnEmulator({ resolveDependencies: false, defaultDependencies: "2021" }, async (own) => {
      const declared = [{ name: "twilio", version: "3.6.2" }];
      const build = own.api.expect(201, await own.api.post(`${own.sb}/Builds`, { AssetVersions: own.assetVersion, Dependencies: JSON.stringify(declared) }));
      expect(build.dependencies).toEqual([
        { name: "twilio", version: "3.6.2" },
        { name: "fs", version: "0.0.1-security" },
        { name: "lodash", version: "4.17.11" },
        { name: "util", version: "0.11.0" },
        { name: "xmldom", version: "0.1.27" },
        { name: "@twilio/runtime-handler", version: "1.0.1" },
      ]);
    });
  });
});

describe("un-deploying", () => {
  // twilio/twilio-cli#215 (2020-08-24): a deployment without a build, for an environment whose build_sid was null, got
  // "RestException [Error]: Environment already has requested deployment."
  it("refuses to un-deploy an environment that serves nothing, with Twilio's text", async () => {
    const { sb } = await serviceWithVersions(0);
    const env = api.expect(201, await api.post(`${sb}/Environments`, { UniqueName: "empty" }));
    expectError(await api.post(`${sb}/Environments/${env.sid}/Deployments`, {}), 409, 20409, "Environment already has requested deployment.");
  });

  // RJPearson94/twilio-sdk-go's acceptance test (2020-08): "Redeploy to remove the current build" answers 201.
  it("un-deploys a live environment once, then refuses the second", async () => {
    const { env, base } = await deploySite(api, [{ path: "/a.txt", visibility: "public", content: "a" }]);
    expect((await api.post(`${base}/Environments/${env.sid}/Deployments`, {})).status).toBe(201);
    expect((await api.get(`${base}/Environments/${env.sid}`)).body.build_sid).toBeNull();
    expectError(await api.post(`${base}/Environments/${env.sid}/Deployments`, {}), 409, 20409, "Environment already has requested deployment.");
  });
});

describe("deleting a Service", () => {
  // twilio-labs/plugin-rtc: `rtc:apps:video:delete` removes the Service in one request (src/commands/rtc/apps/video/delete.js),
  // and its end-to-end test runs it right after a deploy, with the app live (test/e2e/e2e.test.js, 2020–21).
  it("deletes a Service whose environment serves a build, and the site with it", async () => {
    const { env, base } = await deploySite(api, [{ path: "/a.txt", visibility: "public", content: "a" }]);
    expect((await rawRequest(emulator, { path: "/a.txt", host: env.domain_name })).status).toBe(200);
    expect((await api.delete(base)).status).toBe(204);
    expectError(await api.get(base), 404, 20404);
    expect((await rawRequest(emulator, { path: "/a.txt", host: env.domain_name })).status).toBe(404);
  });
});

describe("runtimes", () => {
  // twilio/twilio-cli#252 (2021-05-06): CreateBuild answered {code: 20001, message: "unsupported runtime: node10", status: 400}
  // (Twilio's error page names code 82007; the run wins).
  it.each(["node10", "node18", "python2"])("refuses %s with 400/20001 and Twilio's text", async (runtime) => {
    const { sb, assetVersions } = await serviceWithVersions(1);
    expectError(await api.post(`${sb}/Builds`, { AssetVersions: assetVersions, Runtime: runtime }), 400, 20001, `unsupported runtime: ${runtime}`);
  });
});

describe("@twilio/runtime-handler versions are Twilio's, not npm's", () => {
  const handler = (version: string) => JSON.stringify([{ name: "@twilio/runtime-handler", version }]);
  const refusal = (version: string) =>
    `Some dependencies could not be validated. No matching version found for @twilio/runtime-handler@${version}. ` +
    "You can find the valid versions at https://www.twilio.com/docs/serverless/functions-assets/handler";

  // serverless-toolkit#538 (2025-02-21): 2.0.3 refused; #557 (2026-06) and #564 (2026-09-07): 2.1.0, npm's latest, refused.
  it.each(["2.0.3", "2.1.0"])("refuses %s, which npm has and Twilio's list has not", async (version) => {
    const { sb, assetVersions } = await serviceWithVersions(1);
    expectError(await api.post(`${sb}/Builds`, { AssetVersions: assetVersions, Dependencies: handler(version) }), 400, 20001, refusal(version));
  });

  // #564: "the page … specifically lists 2.1.2", which "is not found in npmjs.com".
  it("builds 2.1.2, on Twilio's list and not on npm, even where npm is asked", async () => {
    await withOwnEmulator({ resolveDependencies: true }, async (own) => {
      const build = own.api.expect(201, await own.api.post(`${own.sb}/Builds`, { AssetVersions: own.assetVersion, Dependencies: handler("2.1.2"), Runtime: "node24" }));
      expect(await waitForBuild(own.api, own.serviceSid, build.sid)).toBe("completed");
    });
  });

  // serverless-toolkit#273 (2021-05-21): with a semver range for the handler "we'll only fail when the API fails down the
  // line"; #280 made the toolkit refuse ranges "to avoid failures during build time".
  it("accepts a range with 201, and the build then fails", async () => {
    const { service, sb, assetVersions } = await serviceWithVersions(1);
    const build = api.expect(201, await api.post(`${sb}/Builds`, { AssetVersions: assetVersions, Dependencies: handler("^2.0.1") }));
    expect(await waitForBuild(api, service.sid, build.sid)).toBe("failed");
    expect(logLines.some((l) => l.includes(build.sid) && l.includes("^2.0.1 is a range"))).toBe(true);
  });

  // Twilio changelog 2026-07-08 (documentation, no run yet): on node24, a handler "between 1.2.0 and 2.1.2" is upgraded, one
  // "below 1.2.0, your build will fail".
  it("on node24, fails the build of a handler older than 1.2.0 after 201, and builds 1.2.0", async () => {
    const { service, sb, assetVersions } = await serviceWithVersions(1);
    const old = api.expect(201, await api.post(`${sb}/Builds`, { AssetVersions: assetVersions, Dependencies: handler("1.1.3"), Runtime: "node24" }));
    expect(await waitForBuild(api, service.sid, old.sid)).toBe("failed");
    const enough = api.expect(201, await api.post(`${sb}/Builds`, { AssetVersions: assetVersions, Dependencies: handler("1.2.0"), Runtime: "node24" }));
    expect(await waitForBuild(api, service.sid, enough.sid)).toBe("completed");
    const node22 = api.expect(201, await api.post(`${sb}/Builds`, { AssetVersions: assetVersions, Dependencies: handler("1.1.3"), Runtime: "node22" }));
    expect(await waitForBuild(api, service.sid, node22.sid)).toBe("completed");
  });

  it("takes another list when the account needs one (runtimeHandlerVersions)", async () => {
    await withOwnEmulator({ resolveDependencies: false, runtimeHandlerVersions: ["2.1.0"] }, async (own) => {
      expect((await own.api.post(`${own.sb}/Builds`, { AssetVersions: own.assetVersion, Dependencies: handler("2.1.0") })).status).toBe(201);
      expectError(await own.api.post(`${own.sb}/Builds`, { AssetVersions: own.assetVersion, Dependencies: handler("2.0.1") }), 400, 20001, refusal("2.0.1"));
    });
    await expect(startTestEmulator({ runtimeHandlerVersions: ["^2.0.1"] })).rejects.toThrow('runtimeHandlerVersions holds exact versions (x.y.z), got "^2.0.1"');
  });
});

describe("requests in flight", () => {
  // twilio-labs/serverless-api#37 (2020-05-13): 50–60 assets at once "often end" in 429 {"message":"Too many requests",
  // "code":20429}; serverless-toolkit#303 (2021): 429s with 50 uploads in flight; PR #517 (2024-04-09) lowered the toolkit's
  // concurrency from 50 to 10.
  it("answers 429/20429 'Too many requests' to what passes 50 at once, and nothing below", async () => {
    emulator.setLatency(800);
    try {
      emulator.resetStats();
      const fifty = await Promise.all(Array.from({ length: 50 }, () => api.get("/v1/Services?PageSize=1")));
      expect(fifty.filter((r) => r.status === 429)).toHaveLength(0);
      const sixty = await Promise.all(Array.from({ length: 60 }, () => api.get("/v1/Services?PageSize=1")));
      const refused = sixty.filter((r) => r.status === 429);
      expect(refused).toHaveLength(10);
      expectError(refused[0], 429, 20429, "Too many requests");
    } finally {
      emulator.setLatency(0);
    }
  });

  it("refuses an upload the same way (uploads count against the account)", async () => {
    const { sb } = await serviceWithVersions(0);
    const asset = api.expect(201, await api.post(`${sb}/Assets`, { FriendlyName: uniqueName("a") }));
    emulator.setLatency(800);
    try {
      const answers = await Promise.all(
        Array.from({ length: 55 }, (_, i) => api.upload(`${sb}/Assets/${asset.sid}/Versions`, { Path: `/u${i}`, Visibility: "public" }, "u")),
      );
      expect(answers.filter((r) => r.status === 429)).toHaveLength(5);
      expect(answers.filter((r) => r.status === 201)).toHaveLength(50);
    } finally {
      emulator.setLatency(0);
    }
  });
});
