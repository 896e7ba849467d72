import type { RunningEmulator } from "../../emulator/src/index";
import { MESSAGES, PATH_PROBLEMS } from "../../emulator/src/index";
import { Api, expectError, expectSchema, startTestEmulator, waitForBuild } from "./helpers";

describe("Function, Asset, their Versions, and Build", () => {
  let emulator: RunningEmulator;
  let api: Api;
  const logLines: string[] = [];

  beforeAll(async () => {
    emulator = await startTestEmulator({
      limits: { publicAssetVersionsPerBuild: 3, privateAssetVersionsPerBuild: 1, functionVersionsPerBuild: 2, buildsPerHourPerAccount: 40 },
      log: (line) => logLines.push(line),
    });
    api = new Api(emulator);
  });
  afterAll(() => emulator.close());

  for (const [segment, singular, versionKey, parentField] of [
    ["Functions", "Function", "function_versions", "function_sid"],
    ["Assets", "Asset", "asset_versions", "asset_sid"],
  ] as const) {
    describe(singular, () => {
      it("creates, fetches, updates, lists and deletes", async () => {
        const s = await api.service();
        const base = `/v1/Services/${s.sid}/${segment}`;
        const created = await api.post(base, { FriendlyName: "first" });
        expect(created.status).toBe(201);
        expectSchema(`Create${singular}`, created);
        const c = created.body;
        expect(c.sid).toMatch(/^ZH[0-9a-f]{32}$/);
        expect(c.url).toBe(`${emulator.url}${base}/${c.sid}`);
        expect(c.links).toEqual({ [versionKey]: `${c.url}/Versions` });
        const fetched = await api.get(`${base}/${c.sid}`);
        expectSchema(`Fetch${singular}`, fetched);
        expect(fetched.body).toEqual(c);
        const updated = await api.post(`${base}/${c.sid}`, { FriendlyName: "renamed" });
        expect(updated.status).toBe(200);
        expectSchema(`Update${singular}`, updated);
        expect(updated.body.friendly_name).toBe("renamed");
        expectError(await api.post(`${base}/${c.sid}`, {}), 400, 20001, MESSAGES.missingParameter("FriendlyName"));
        expectError(await api.post(base, { FriendlyName: "f".repeat(256) }), 400, 20001, MESSAGES.tooLong("FriendlyName", 255));
        const list = await api.get(base);
        expectSchema(`List${singular}`, list);
        expect(list.body[segment.toLowerCase()]).toHaveLength(1);
        expect(list.body.meta.key).toBe(segment.toLowerCase());
        expect((await api.delete(`${base}/${c.sid}`)).status).toBe(204);
        expectError(await api.get(`${base}/${c.sid}`), 404, 20404);
      });

      it("uploads versions (multipart) and lists and fetches them", async () => {
        const s = await api.service();
        const parent = (await api.post(`/v1/Services/${s.sid}/${segment}`, { FriendlyName: "p" })).body;
        const base = `/v1/Services/${s.sid}/${segment}/${parent.sid}/Versions`;
        const up = await api.upload(base, { Path: "no-slash", Visibility: "protected" }, "content one", "application/javascript", "a.js");
        expect(up.status).toBe(201);
        expectSchema(`Create${singular}Version`, up);
        const v = up.body;
        expect(v.sid).toMatch(/^ZN[0-9a-f]{32}$/);
        expect(v).toMatchObject({ path: "/no-slash", visibility: "protected", [parentField]: parent.sid, service_sid: s.sid });
        expect(v.url).toBe(`${emulator.url}${base}/${v.sid}`);
        const second = (await api.upload(base, { Path: "/two", Visibility: "public" }, "content two")).body;
        const list = await api.get(base);
        expectSchema(`List${singular}Version`, list);
        // Newest first, as on Twilio (records.test.ts).
        expect(list.body[versionKey].map((x: { sid: string }) => x.sid)).toEqual([second.sid, v.sid]);
        const fetched = await api.get(`${base}/${v.sid}`);
        expectSchema(`Fetch${singular}Version`, fetched);
        expect(fetched.body).toEqual(v);
        expectError(await api.get(`${base}/ZN${"0".repeat(32)}`), 404, 20404);
        expectError(await api.get(`/v1/Services/${s.sid}/${segment}/ZH${"0".repeat(32)}/Versions`), 404, 20404);
        // No update or delete of versions.
        expectError(await api.delete(`${base}/${v.sid}`), 405, 20004);
        expectError(await api.post(`${base}/${v.sid}`, {}), 405, 20004);
      });

      it("validates Path, Visibility and Content", async () => {
        const s = await api.service();
        const parent = (await api.post(`/v1/Services/${s.sid}/${segment}`, { FriendlyName: "p" })).body;
        const base = `/v1/Services/${s.sid}/${segment}/${parent.sid}/Versions`;
        expectError(await api.upload(base, { Visibility: "public" }, "x"), 400, 20001, MESSAGES.missingParameter("Path"));
        expectError(await api.upload(base, { Path: "/x" }, "x"), 400, 20001, MESSAGES.missingParameter("Visibility"));
        expectError(
          await api.upload(base, { Path: "/x", Visibility: "secret" }, "x"),
          400,
          20001,
          MESSAGES.invalidEnum("Visibility", "secret", ["public", "protected", "private"]),
        );
        for (const [path, problem] of [
          ["/a b", PATH_PROBLEMS.whitespace],
          ["/a?b", PATH_PROBLEMS.forbidden("?")],
          ["/page.html#top", PATH_PROBLEMS.fragment],
          ["/a/../b", PATH_PROBLEMS.dotSegment],
          ["/" + "p".repeat(255), PATH_PROBLEMS.tooLong(256, 255)],
        ]) {
          expectError(await api.upload(base, { Path: path, Visibility: "public" }, "x"), 400, 20001, MESSAGES.invalidPath(path, problem));
        }
        for (const ch of ";,:@+&$()'\"") {
          expectError(await api.upload(base, { Path: `/a${ch}b`, Visibility: "public" }, "x"), 400, 20001);
        }
        expect((await api.upload(base, { Path: "p".repeat(254), Visibility: "public" }, "x")).status).toBe(201);
        const noContent = new FormData();
        noContent.append("Path", "/x");
        noContent.append("Visibility", "public");
        const res = await fetch(emulator.url + base, { method: "POST", headers: { authorization: api.authorization }, body: noContent });
        expectError({ status: res.status, headers: res.headers, text: "", body: await res.json() }, 400, 20001, MESSAGES.missingParameter("Content"));
        const asField = new FormData();
        asField.append("Path", "/x");
        asField.append("Visibility", "public");
        asField.append("Content", "plain field");
        const res2 = await fetch(emulator.url + base, { method: "POST", headers: { authorization: api.authorization }, body: asField });
        expect(await res2.json()).toMatchObject({ status: 400, code: 20001, message: MESSAGES.contentNotAFile });
      });

      it(`refuses to delete a ${singular} whose version is in a build an environment serves`, async () => {
        const s = await api.service();
        const sb = `/v1/Services/${s.sid}`;
        const parent = (await api.post(`${sb}/${segment}`, { FriendlyName: "p" })).body;
        const v = (await api.upload(`${sb}/${segment}/${parent.sid}/Versions`, { Path: "/p", Visibility: "public" }, "p")).body;
        const build = (await api.post(`${sb}/Builds`, { [segment === "Functions" ? "FunctionVersions" : "AssetVersions"]: v.sid })).body;
        await waitForBuild(api, s.sid, build.sid);
        const env = (await api.post(`${sb}/Environments`, { UniqueName: "e" })).body;
        await api.post(`${sb}/Environments/${env.sid}/Deployments`, { BuildSid: build.sid });
        expectError(
          await api.delete(`${sb}/${segment}/${parent.sid}`),
          409,
          20409,
          segment === "Functions" ? MESSAGES.functionInUse : MESSAGES.assetInUse,
        );
        await api.post(`${sb}/Environments/${env.sid}/Deployments`, {});
        expect((await api.delete(`${sb}/${segment}/${parent.sid}`)).status).toBe(204);
        expectError(await api.get(`${sb}/${segment}/${parent.sid}/Versions/${v.sid}`), 404, 20404);
        // The build keeps what it was built from.
        const kept = (await api.get(`${sb}/Builds/${build.sid}`)).body;
        expect(kept[versionKey][0].sid).toBe(v.sid);
      });
    });
  }

  it("returns a function version's content", async () => {
    const s = await api.service();
    const fn = (await api.post(`/v1/Services/${s.sid}/Functions`, { FriendlyName: "fn" })).body;
    const source = "exports.handler = (context, event, callback) => callback(null, 'ünïcode');\n";
    const v = (await api.upload(`/v1/Services/${s.sid}/Functions/${fn.sid}/Versions`, { Path: "/fn", Visibility: "public" }, source)).body;
    expect(v.links).toEqual({ function_version_content: `${v.url}/Content` });
    const res = await api.get(`/v1/Services/${s.sid}/Functions/${fn.sid}/Versions/${v.sid}/Content`);
    expect(res.status).toBe(200);
    expectSchema("FetchFunctionVersionContent", res);
    expect(res.body).toMatchObject({ sid: v.sid, function_sid: fn.sid, service_sid: s.sid, content: source, url: `${v.url}/Content` });
    // Asset versions have no content endpoint.
    const asset = (await api.post(`/v1/Services/${s.sid}/Assets`, { FriendlyName: "a" })).body;
    const av = (await api.upload(`/v1/Services/${s.sid}/Assets/${asset.sid}/Versions`, { Path: "/a", Visibility: "public" }, "a")).body;
    expectError(await api.get(`/v1/Services/${s.sid}/Assets/${asset.sid}/Versions/${av.sid}/Content`), 404, 20404);
  });

  describe("Build", () => {
    async function fixture() {
      const s = await api.service();
      const sb = `/v1/Services/${s.sid}`;
      const fn = (await api.post(`${sb}/Functions`, { FriendlyName: "fn" })).body;
      const asset = (await api.post(`${sb}/Assets`, { FriendlyName: "asset" })).body;
      const fv = (await api.upload(`${sb}/Functions/${fn.sid}/Versions`, { Path: "/fn", Visibility: "protected" }, "f")).body;
      const av = (await api.upload(`${sb}/Assets/${asset.sid}/Versions`, { Path: "/a.txt", Visibility: "public" }, "a")).body;
      const av2 = (await api.upload(`${sb}/Assets/${asset.sid}/Versions`, { Path: "/a2.txt", Visibility: "public" }, "a2")).body;
      return { s, sb, fn, asset, fv, av, av2 };
    }

    it("goes building → completed and shows its versions as objects", async () => {
      const { s, sb, fv, av } = await fixture();
      const deps = JSON.stringify([{ name: "twilio", version: "5.0.0" }]);
      const created = await api.post(`${sb}/Builds`, { AssetVersions: [av.sid], FunctionVersions: [fv.sid], Dependencies: deps, Runtime: "node20" });
      expect(created.status).toBe(201);
      expectSchema("CreateBuild", created);
      const b = created.body;
      expect(b.sid).toMatch(/^ZB[0-9a-f]{32}$/);
      expect(b.status).toBe("building");
      expect(b.runtime).toBe("node20");
      // The declared list, plus the runtime handler Twilio adds (records.test.ts).
      expect(b.dependencies).toEqual([{ name: "twilio", version: "5.0.0" }, { name: "@twilio/runtime-handler", version: "2.0.1" }]);
      expect(b.asset_versions).toEqual([
        { sid: av.sid, account_sid: emulator.accountSid, service_sid: s.sid, asset_sid: av.asset_sid, date_created: av.date_created, path: "/a.txt", visibility: "PUBLIC" },
      ]);
      expect(b.function_versions[0]).toMatchObject({ sid: fv.sid, function_sid: fv.function_sid, path: "/fn", visibility: "PROTECTED" });
      expect(b.links).toEqual({ build_status: `${b.url}/Status` });
      const status = await api.get(`${sb}/Builds/${b.sid}/Status`);
      expectSchema("FetchBuildStatus", status);
      expect(status.body).toEqual({ sid: b.sid, account_sid: emulator.accountSid, service_sid: s.sid, status: status.body.status, url: `${b.url}/Status` });
      expect(await waitForBuild(api, s.sid, b.sid)).toBe("completed");
      const fetched = await api.get(`${sb}/Builds/${b.sid}`);
      expectSchema("FetchBuild", fetched);
      expect(fetched.body.status).toBe("completed");
      const list = await api.get(`${sb}/Builds`);
      expectSchema("ListBuild", list);
      expect(list.body.builds.map((x: { sid: string }) => x.sid)).toEqual([b.sid]);
      expect((await api.delete(`${sb}/Builds/${b.sid}`)).status).toBe(204);
      expectError(await api.get(`${sb}/Builds/${b.sid}`), 404, 20404);
      expectError(await api.get(`${sb}/Builds/${b.sid}/Status`), 404, 20404);
    });

    it("defaults Runtime to node22, then to the last completed build's, and accepts the toolkit's quoted Dependencies", async () => {
      const { s, sb, av } = await fixture();
      const deps = [{ name: "lodash", version: "4.17.21" }];
      const quoted = await api.post(`${sb}/Builds`, { AssetVersions: av.sid, Dependencies: `"${JSON.stringify(deps)}"` });
      expect(quoted.body.runtime).toBe("node22");
      expect(quoted.body.dependencies.slice(0, 1)).toEqual(deps);
      const escaped = await api.post(`${sb}/Builds`, { AssetVersions: av.sid, Dependencies: JSON.stringify(JSON.stringify(deps)) });
      expect(escaped.body.dependencies.slice(0, 1)).toEqual(deps);
      const node24 = (await api.post(`${sb}/Builds`, { AssetVersions: av.sid, Runtime: "node24" })).body;
      expect(await waitForBuild(api, s.sid, node24.sid)).toBe("completed");
      expect((await api.post(`${sb}/Builds`, { AssetVersions: av.sid })).body.runtime).toBe("node24");
    });

    it.each([
      ["not JSON", "{not json", MESSAGES.malformedDependencies("not JSON")],
      ["an object, not a list", '{"lodash":"4.17.21"}', MESSAGES.malformedDependencies("must be a JSON list of {name, version} objects")],
      ["an entry without a version", '[{"name":"lodash"}]', MESSAGES.malformedDependencies('entry 0 is {"name":"lodash"}, not {name, version} strings')],
      ["a version npm has not got", '[{"name":"lodash","version":"99.99.99"}]', MESSAGES.dependencyNotFound("lodash@99.99.99")],
      ["a package npm has not got", '[{"name":"no-such-package-pulumi-twilio-serverless-test","version":"1.0.0"}]', "no such package in the npm registry"],
      ["an invalid package name", '[{"name":"Bad Name","version":"1.0.0"}]', "Some dependencies could not be validated. Bad Name@1.0.0: "],
      ["a git dependency", '[{"name":"lodash","version":"git+https://github.com/lodash/lodash.git"}]', "a git dependency"],
    ])("refuses Dependencies that are %s with 400/20001, before anything is built", async (_what, raw, text) => {
      const { sb, av } = await fixture();
      const before = emulator.inventory().builds;
      const res = await api.post(`${sb}/Builds`, { AssetVersions: av.sid, Dependencies: raw });
      expectError(res, 400, 20001);
      expect(res.body.message).toContain(text);
      expect(emulator.inventory().builds).toBe(before);
    });

    it("fails (status failed) when asked to", async () => {
      const { s, sb, av } = await fixture();
      emulator.failNextBuilds(2);
      const f1 = (await api.post(`${sb}/Builds`, { AssetVersions: av.sid })).body;
      const f2 = (await api.post(`${sb}/Builds`, { AssetVersions: av.sid })).body;
      const ok = (await api.post(`${sb}/Builds`, { AssetVersions: av.sid })).body;
      expect(await waitForBuild(api, s.sid, f1.sid)).toBe("failed");
      expect(await waitForBuild(api, s.sid, f2.sid)).toBe("failed");
      expect(await waitForBuild(api, s.sid, ok.sid)).toBe("completed");
      expect(logLines.some((l) => l.includes(f1.sid) && l.includes("failNextBuilds"))).toBe(true);
      const fetched = (await api.get(`${sb}/Builds/${f1.sid}`)).body;
      expect(fetched.status).toBe("failed");
    });

    it("refuses a build with no versions, unknown versions, or two versions of one asset", async () => {
      const { sb, av, av2, fv } = await fixture();
      expectError(await api.post(`${sb}/Builds`, {}), 400, 20001, MESSAGES.buildWithoutVersions);
      expectError(await api.post(`${sb}/Builds`, { AssetVersions: "ZX123" }), 400, 20001, MESSAGES.invalidSid("AssetVersions", "ZX123", "ZN"));
      const ghost = "ZN" + "0".repeat(32);
      expectError(await api.post(`${sb}/Builds`, { AssetVersions: ghost }), 400, 20001, MESSAGES.unknownVersion("AssetVersions", ghost));
      // A function version is not an asset version.
      expectError(await api.post(`${sb}/Builds`, { AssetVersions: fv.sid }), 400, 20001, MESSAGES.unknownVersion("AssetVersions", fv.sid));
      expectError(
        await api.post(`${sb}/Builds`, { AssetVersions: [av.sid, av2.sid] }),
        400,
        20001,
        MESSAGES.conflictingAssetVersions(av.sid, av2.sid),
      );
      // The same SID twice is one version.
      expect((await api.post(`${sb}/Builds`, { AssetVersions: [av.sid, av.sid] })).body.asset_versions).toHaveLength(1);
      const other = await fixture();
      expectError(await api.post(`${sb}/Builds`, { AssetVersions: other.av.sid }), 400, 20001, MESSAGES.unknownVersion("AssetVersions", other.av.sid));
    });

    it("refuses two versions with one path, and runtimes Twilio does not run (400/20001, as twilio-cli#252 recorded)", async () => {
      const { sb, av } = await fixture();
      const asset2 = (await api.post(`${sb}/Assets`, { FriendlyName: "dup" })).body;
      const same = (await api.upload(`${sb}/Assets/${asset2.sid}/Versions`, { Path: "/a.txt", Visibility: "public" }, "dup")).body;
      expectError(await api.post(`${sb}/Builds`, { AssetVersions: [av.sid, same.sid] }), 400, 20001, MESSAGES.duplicatePathInBuild("/a.txt"));
      for (const runtime of ["node99", "node14", "node18"]) {
        expectError(await api.post(`${sb}/Builds`, { AssetVersions: av.sid, Runtime: runtime }), 400, 20001, `unsupported runtime: ${runtime}`);
      }
      expect((await api.post(`${sb}/Builds`, { AssetVersions: av.sid, Runtime: "node20" })).status).toBe(201);
    });

    it("enforces the per-build version limits by visibility", async () => {
      const s = await api.service();
      const sb = `/v1/Services/${s.sid}`;
      const make = async (segment: string, visibility: string, n: number) => {
        const out: string[] = [];
        for (let i = 0; i < n; i++) {
          const p = (await api.post(`${sb}/${segment}`, { FriendlyName: `${visibility}${i}` })).body;
          out.push((await api.upload(`${sb}/${segment}/${p.sid}/Versions`, { Path: `/${segment}/${visibility}/${i}`, Visibility: visibility }, "x")).body.sid);
        }
        return out;
      };
      const pub = await make("Assets", "public", 3);
      const prot = await make("Assets", "protected", 1);
      const priv = await make("Assets", "private", 2);
      const fns = await make("Functions", "public", 3);
      expect((await api.post(`${sb}/Builds`, { AssetVersions: [...pub, priv[0]], FunctionVersions: fns.slice(0, 2) })).status).toBe(201);
      expectError(
        await api.post(`${sb}/Builds`, { AssetVersions: [...pub, ...prot] }),
        400,
        20001,
        MESSAGES.buildVersionsLimit(3, "public and protected Asset Versions"),
      );
      expectError(await api.post(`${sb}/Builds`, { AssetVersions: priv }), 400, 20001, MESSAGES.buildVersionsLimit(1, "private Asset Versions"));
      expectError(await api.post(`${sb}/Builds`, { FunctionVersions: fns }), 400, 20001, MESSAGES.buildVersionsLimit(2, "Function Versions"));
    });

    it("enforces the builds-per-hour limit per account, counting deleted builds", async () => {
      const limited = await startTestEmulator({ limits: { buildsPerHourPerAccount: 2 } });
      const api2 = new Api(limited);
      try {
        const s1 = await api2.service();
        const s2 = await api2.service();
        const upload = async (s: { sid: string }) => {
          const a = (await api2.post(`/v1/Services/${s.sid}/Assets`, { FriendlyName: "a" })).body;
          return (await api2.upload(`/v1/Services/${s.sid}/Assets/${a.sid}/Versions`, { Path: "/a", Visibility: "public" }, "a")).body.sid;
        };
        const v1 = await upload(s1);
        const v2 = await upload(s2);
        const first = (await api2.post(`/v1/Services/${s1.sid}/Builds`, { AssetVersions: v1 })).body;
        await api2.delete(`/v1/Services/${s1.sid}/Builds/${first.sid}`);
        expect((await api2.post(`/v1/Services/${s2.sid}/Builds`, { AssetVersions: v2 })).status).toBe(201);
        expectError(await api2.post(`/v1/Services/${s1.sid}/Builds`, { AssetVersions: v1 }), 400, 20001, MESSAGES.buildsPerHourLimit(2));
      } finally {
        await limited.close();
      }
    });

    it("refuses to delete a build an environment runs, until it is un-deployed", async () => {
      const { s, sb, av } = await fixture();
      const b = (await api.post(`${sb}/Builds`, { AssetVersions: av.sid })).body;
      await waitForBuild(api, s.sid, b.sid);
      const env = (await api.post(`${sb}/Environments`, { UniqueName: "live" })).body;
      await api.post(`${sb}/Environments/${env.sid}/Deployments`, { BuildSid: b.sid });
      expectError(await api.delete(`${sb}/Builds/${b.sid}`), 409, 20409, MESSAGES.buildInUse);
      await api.post(`${sb}/Environments/${env.sid}/Deployments`, {});
      expect((await api.delete(`${sb}/Builds/${b.sid}`)).status).toBe(204);
    });
  });
});
