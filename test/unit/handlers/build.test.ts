import { UNKNOWN } from "../../../provider/src/core/handlers/validation";
import { handlers } from "../../../provider/src/core/handlers";
import { refusals } from "../../helpers/common";

const buildHandler = handlers.Build;

const zn = (n: number) => `ZN${n.toString(16).padStart(32, "0")}`;
const check = (news: Record<string, unknown>) => buildHandler.check({}, { __resourceName: "site", serviceSid: "ZS1", ...news });

describe("Build check", () => {
  it("passes valid lists, dependencies and runtime through", async () => {
    const result = await check({ assetVersions: [zn(3), zn(1)], functionVersions: [], dependencies: { lodash: "4.17.21" }, runtime: "node22" });
    expect(result).toEqual({
      inputs: {
        __resourceName: "site",
        serviceSid: "ZS1",
        assetVersions: [zn(3), zn(1)],
        functionVersions: [],
        dependencies: { lodash: "4.17.21" },
        runtime: "node22",
      },
    });
  });

  it.each(refusals([
    [{ assetVersions: ["ZH" + "0".repeat(32)] }, "assetVersions", `Build "site": assetVersions "ZH${"0".repeat(32)}" is not a ZN SID (ZN followed by 32 hexadecimal digits)`],
    [{ assetVersions: [zn(1), zn(1)] }, "assetVersions", `Build "site": assetVersions "${zn(1)}" lists ${zn(1)} more than once`],
    [{ assetVersions: [], functionVersions: [] }, "assetVersions", 'Build "site": assetVersions [] is empty, and so are assetVersionsByPath and functionVersions: a build needs at least one version'],
    [{ assetVersions: [zn(1)], runtime: "node99" }, "runtime", 'Build "site": runtime "node99" is not one of node20, node22, node24'],
    [{ assetVersions: [zn(1)], runtime: "node18" }, "runtime", 'Build "site": runtime "node18" is not one of node20, node22, node24'],
    [{ assetVersions: [zn(1)], dependencies: ["lodash"] }, "dependencies", 'Build "site": dependencies ["lodash"] must map package names to version strings, e.g. { "lodash": "4.17.21" }'],
    [
      { assetVersions: [zn(1)], dependencies: { "Bad Name": "1.0.0" } },
      "dependencies",
      'Build "site": dependencies "Bad Name" is not an npm package name (name can only contain URL-friendly characters)',
    ],
    [
      { assetVersions: [zn(1)], dependencies: { lodash: "git+https://github.com/lodash/lodash.git" } },
      "dependencies.lodash",
      'Build "site": dependencies.lodash "git+https://github.com/lodash/lodash.git" is not an npm version, range or dist-tag: Twilio resolves dependencies from the npm registry (git, file and URL specs are not)',
    ],
    [
      { assetVersions: [zn(1)], dependencies: { lodash: "not a version!" } },
      "dependencies.lodash",
      'Build "site": dependencies.lodash "not a version!" is not an npm version, range or dist-tag: Twilio resolves dependencies from the npm registry (git, file and URL specs are not)',
    ],
    [{ functionVersions: Array.from({ length: 101 }, (_, i) => zn(i)) }, "functionVersions", 'Build "site": functionVersions "[101 SIDs]" has 101 function versions, over the limit of 100'],
    [{ assetVersions: [zn(1)], assetVersionsByPath: ["/a.txt"] }, "assetVersionsByPath", 'Build "site": assetVersionsByPath ["/a.txt"] is not a map from paths to ZN SIDs'],
    [
      { assetVersionsByPath: { "/a.txt": "ZH" + "0".repeat(32) } },
      'assetVersionsByPath["/a.txt"]',
      `Build "site": assetVersionsByPath["/a.txt"] "ZH${"0".repeat(32)}" is not a ZN SID (ZN followed by 32 hexadecimal digits)`,
    ],
    [
      { assetVersions: [zn(1)], assetVersionsByPath: { "/a.txt": zn(1) } },
      'assetVersionsByPath["/a.txt"]',
      `Build "site": assetVersionsByPath["/a.txt"] "${zn(1)}" lists ${zn(1)} more than once`,
    ],
    [
      { assetVersions: Array.from({ length: 1000 }, (_, i) => zn(i)), assetVersionsByPath: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`/f${i}`, zn(5000 + i)])) },
      "assetVersionsByPath",
      'Build "site": assetVersionsByPath "[1051 SIDs]" has 1051 asset versions, over the limit of 1050',
    ],
  ]))("refuses $reason", async ({ news, property, reason }) => {
    expect((await check(news)).failures).toEqual([{ property, reason }]);
  });

  it("passes npm versions, ranges, dist-tags and scoped names", async () => {
    const dependencies = { "@twilio/runtime-handler": "2.1.2", lodash: "^4.17.0", twilio: "latest", xmldom: "0.1.x", JSONStream: "*" };
    expect((await check({ assetVersions: [zn(1)], dependencies })).failures).toBeUndefined();
  });

  it("takes asset versions by path on top of the list, and leaves an empty map out", async () => {
    const byPath = { "/index.html": zn(1), "/about.html": zn(2) };
    expect((await check({ assetVersions: [zn(3)], assetVersionsByPath: byPath })).inputs).toMatchObject({ assetVersions: [zn(3)], assetVersionsByPath: byPath });
    const result = await check({ assetVersions: [], assetVersionsByPath: byPath });
    expect(result.failures).toBeUndefined();
    expect((await check({ assetVersions: [zn(1)], assetVersionsByPath: {} })).inputs).not.toHaveProperty("assetVersionsByPath");
  });

  it("does not judge lists that are not known yet", async () => {
    const result = await check({ assetVersions: [zn(1), UNKNOWN], functionVersions: UNKNOWN });
    expect(result.failures).toBeUndefined();
  });
});

describe("Build diff", () => {
  const olds = { serviceSid: "ZS1", assetVersions: [zn(1), zn(2)], functionVersions: [], runtime: "node22", sid: "ZB1", status: "completed" };

  it("replaces on any change of its inputs", async () => {
    for (const [field, value] of [
      ["assetVersions", [zn(1), zn(3)]],
      ["assetVersionsByPath", { "/a.txt": zn(3) }],
      ["functionVersions", [zn(9)]],
      ["dependencies", { lodash: "4.17.21" }],
      ["runtime", "node20"],
    ] as const) {
      // `changes` left to the engine, which diffs the inputs itself and prints only what changed.
      expect(await buildHandler.diff("ZB1", olds, { ...olds, [field]: value })).toEqual({
        changes: undefined,
        replaces: [field],
        deleteBeforeReplace: false,
      });
    }
  });

  it("replaces when a version SID is not known yet (a version being replaced)", async () => {
    expect(await buildHandler.diff("ZB1", olds, { ...olds, assetVersions: [zn(1), UNKNOWN] })).toMatchObject({ replaces: ["assetVersions"] });
  });

  it("names the changed path of assetVersionsByPath as the replacement's cause, and sees no change in the same map", async () => {
    const byPath = { ...olds, assetVersionsByPath: { "/a.txt": zn(5), "/b.txt": zn(6) } };
    expect(await buildHandler.diff("ZB1", byPath, { ...byPath, assetVersionsByPath: { "/b.txt": zn(6), "/a.txt": UNKNOWN } })).toMatchObject({
      replaces: ["assetVersionsByPath"],
    });
    expect(await buildHandler.diff("ZB1", byPath, { ...byPath, assetVersionsByPath: { "/b.txt": zn(6), "/a.txt": zn(5) } })).toEqual({ changes: false });
  });

  it("ignores the order of the version lists (Twilio keeps none)", async () => {
    expect(await buildHandler.diff("ZB1", olds, { ...olds, assetVersions: [zn(2), zn(1)] })).toEqual({ changes: false });
  });

  it("sees no change for the same inputs", async () => {
    const { sid: _s, status: _t, ...inputs } = olds;
    expect(await buildHandler.diff("ZB1", olds, inputs)).toEqual({ changes: false });
  });
});
