/**
 * The contract test: every case of cases.ts goes to the provider's `check`, to the policy pack
 * where one of its rules applies, and to the emulator's API, and each answer is compared with
 * Twilio's expected one. The provider and the emulator share no code (each has its own table of
 * Twilio's facts), so removing a rule from either side makes a case here fail.
 */
import * as fs from "node:fs";
import * as nodePath from "node:path";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import type { RunningEmulator } from "../../emulator/src";
import { type EngineHandler, handlers } from "../../provider/src/core/handlers";
import { versionPathValid } from "../../policy/policies/paths";
import { assetVersionSizeLimit } from "../../policy/policies/assetVersion";
import { buildFunctionVersionLimit, buildPrivateAssetVersionLimit, buildPublicAssetVersionLimit } from "../../policy/policies/build";
import { Api, startTestEmulator } from "../emulator/helpers";
import { FakeStack, newAssetVersion, newBuild, newFunctionVersion, resourceArgs, UNKNOWN, validateResource, validateStack } from "../policy/policyArgs";
import {
  type Answer,
  BUILD_COUNT_CASES,
  type BuildCounts,
  type Case,
  DEPENDENCY_CASES,
  DOMAIN_SUFFIX_CASES,
  PATH_CASES,
  RUNTIME_CASES,
  SERVICE_NAME_CASES,
  SIZE_CASES,
} from "./cases";
import { tempDir, uniqueName } from "../helpers/common";

const ZS = "ZS" + "0".repeat(32);
const ZH = "ZH" + "0".repeat(32);
const zn = (n: number) => `ZN${n.toString(16).padStart(32, "0")}`;

/** The provider's answer: `check` refuses with failures, or accepts. */
async function providerAnswer(handler: EngineHandler, news: Record<string, unknown>): Promise<{ answer: Answer; detail: string }> {
  const result = await handler.check({}, { __resourceName: "contract", ...news });
  const failures = result.failures ?? [];
  return { answer: failures.length ? "refuse" : "accept", detail: failures.map((f) => f.reason).join("; ") };
}

async function policyAnswer(policy: ResourceValidationPolicy, kind: "AssetVersion", props: Record<string, unknown>): Promise<Answer> {
  return (await validateResource(policy, resourceArgs(kind, "contract", props))).length ? "refuse" : "accept";
}

async function stackPolicyAnswer(policy: StackValidationPolicy, stack: FakeStack): Promise<Answer> {
  return (await validateStack(policy, stack)).length ? "refuse" : "accept";
}

/** The emulator's answer: a 2xx accepts; a 4xx refuses (anything else fails the test). */
function wireAnswer(res: { status: number; text: string }): { answer: Answer; detail: string } {
  if (res.status >= 200 && res.status < 300) return { answer: "accept", detail: "" };
  if (res.status >= 400 && res.status < 500) return { answer: "refuse", detail: res.text };
  throw new Error(`unexpected HTTP ${res.status}: ${res.text}`);
}

/** What a failed expectation prints: the case, its source, and what the side said. */
function verdict(c: Case<unknown>, answer: Answer, detail: string) {
  return { case: c.name, source: c.source, answer, ...(answer !== c.twilio ? { detail } : {}) };
}

function expectAnswer(c: Case<unknown>, got: { answer: Answer; detail: string }): void {
  expect(verdict(c, got.answer, got.detail)).toEqual(verdict(c, c.twilio, got.detail));
}

let emulator: RunningEmulator;
let api: Api;
let serviceSid: string;
let dir: string;

beforeAll(async () => {
  emulator = await startTestEmulator({ buildDurationMs: 0 });
  api = new Api(emulator);
  serviceSid = (await api.service()).sid;
  dir = tempDir("contract-");
});

afterAll(async () => {
  await emulator?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const sb = () => `/v1/Services/${serviceSid}`;

/** A one-byte file for checks that need content. */
function smallFile(): string {
  const file = nodePath.join(dir, "one.txt");
  if (!fs.existsSync(file)) fs.writeFileSync(file, "x");
  return file;
}

/** A new Asset of the test's service, for one version. */
async function newAsset(): Promise<string> {
  return api.expect(201, await api.post(`${sb()}/Assets`, { FriendlyName: uniqueName("asset") })).sid;
}

describe("version paths", () => {
  let assetSid: string;
  beforeAll(async () => {
    assetSid = await newAsset();
  });

  describe.each(PATH_CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    it(`provider check: ${c.twilio}`, async () => {
      expectAnswer(c, await providerAnswer(handlers.AssetVersion, { serviceSid: ZS, assetSid: ZH, path: c.input, visibility: "public", contentFile: smallFile() }));
    });

    it(`policy pack: ${c.twilio}`, async () => {
      const answer = await policyAnswer(versionPathValid, "AssetVersion", { serviceSid: UNKNOWN.string, path: c.input, visibility: "public", size: 1 });
      expectAnswer(c, { answer, detail: "" });
    });

    it(`emulator: ${c.twilio}`, async () => {
      expectAnswer(c, wireAnswer(await api.upload(`${sb()}/Assets/${assetSid}/Versions`, { Path: c.input, Visibility: "public" }, "x")));
    });
  });
});

describe("sizes per visibility", () => {
  let assetSid: string;
  beforeAll(async () => {
    assetSid = await newAsset();
  });

  describe.each(SIZE_CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const { visibility, bytes } = c.input;

    it(`provider check: ${c.twilio}`, async () => {
      const file = nodePath.join(dir, `${visibility}-${bytes}.bin`);
      fs.writeFileSync(file, "");
      fs.truncateSync(file, bytes);
      try {
        expectAnswer(c, await providerAnswer(handlers.AssetVersion, { serviceSid: ZS, assetSid: ZH, path: "/big.bin", visibility, contentFile: file }));
      } finally {
        fs.rmSync(file);
      }
    });

    it(`policy pack: ${c.twilio}`, async () => {
      const answer = await policyAnswer(assetVersionSizeLimit, "AssetVersion", { serviceSid: UNKNOWN.string, path: "/big.bin", visibility, size: bytes });
      expectAnswer(c, { answer, detail: "" });
    });

    it(`emulator: ${c.twilio}`, async () => {
      const res = await api.upload(`${sb()}/Assets/${assetSid}/Versions`, { Path: "/big.bin", Visibility: visibility }, Buffer.alloc(bytes));
      expectAnswer(c, wireAnswer(res));
    });
  });
});

describe("versions per build", () => {
  /** Versions made once in the emulator, enough for every case; a case takes the first n of each. */
  const made: Record<keyof BuildCounts, string[]> = { public: [], protected: [], private: [], functions: [] };
  const most = (key: keyof BuildCounts) => Math.max(...BUILD_COUNT_CASES.map((c) => c.input[key]));

  beforeAll(async () => {
    const make = async (segment: "Assets" | "Functions", visibility: string, n: number, into: string[]) => {
      for (let start = 0; start < n; start += 25) {
        const batch = Array.from({ length: Math.min(25, n - start) }, async (_, j) => {
          const i = start + j;
          const parent = api.expect(201, await api.post(`${sb()}/${segment}`, { FriendlyName: `${visibility}-${i}` })).sid;
          const version = await api.upload(`${sb()}/${segment}/${parent}/Versions`, { Path: `/${segment}/${visibility}/${i}`, Visibility: visibility }, "x");
          return api.expect(201, version).sid as string;
        });
        into.push(...(await Promise.all(batch)));
      }
    };
    await make("Assets", "public", most("public"), made.public);
    await make("Assets", "protected", most("protected"), made.protected);
    await make("Assets", "private", most("private"), made.private);
    await make("Functions", "public", most("functions"), made.functions);
  }, 120_000);

  describe.each(BUILD_COUNT_CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const n = c.input;

    it(`provider check: ${c.twilio}`, async () => {
      if (n.functions > 0) {
        // A Build's check sees SIDs only; function versions are counted there.
        const functionVersions = Array.from({ length: n.functions }, (_, i) => zn(i));
        expectAnswer(c, await providerAnswer(handlers.Build, { serviceSid: ZS, functionVersions }));
        return;
      }
      // Asset versions are counted by visibility where visibilities are known: an AssetBundle.
      const file = smallFile();
      const files: Record<string, unknown> = {};
      for (const visibility of ["public", "protected", "private"] as const) {
        for (let i = 0; i < n[visibility]; i++) files[`file:${visibility}/${i}.txt`] = { path: `/${visibility}/${i}.txt`, visibility, contentFile: file };
      }
      expectAnswer(c, await providerAnswer(handlers.AssetBundle, { serviceSid: ZS, ...files }));
    });

    it(`policy pack: ${c.twilio}`, async () => {
      const stack = new FakeStack();
      const assets = (["public", "protected", "private"] as const).flatMap((visibility) =>
        Array.from({ length: n[visibility] }, (_, i) => newAssetVersion(stack, `${visibility}${i}`, { visibility })),
      );
      const functions = Array.from({ length: n.functions }, (_, i) => newFunctionVersion(stack, `fn${i}`, {}));
      newBuild(stack, "site", { assets, functions });
      const policy = n.functions > 0 ? buildFunctionVersionLimit : n.private > 0 ? buildPrivateAssetVersionLimit : buildPublicAssetVersionLimit;
      expectAnswer(c, { answer: await stackPolicyAnswer(policy, stack), detail: "" });
    });

    it(`emulator: ${c.twilio}`, async () => {
      const assetVersions = [...made.public.slice(0, n.public), ...made.protected.slice(0, n.protected), ...made.private.slice(0, n.private)];
      const res = await api.post(`${sb()}/Builds`, { AssetVersions: assetVersions, FunctionVersions: made.functions.slice(0, n.functions) });
      expectAnswer(c, wireAnswer(res));
    });
  });
});

describe("service unique names", () => {
  describe.each(SERVICE_NAME_CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    it(`provider check: ${c.twilio}`, async () => {
      expectAnswer(c, await providerAnswer(handlers.Service, { uniqueName: c.input }));
    });

    it(`emulator: ${c.twilio}`, async () => {
      const res = await api.post("/v1/Services", { UniqueName: c.input, FriendlyName: "contract" });
      if (res.status === 201) await api.delete(`/v1/Services/${res.body.sid}`);
      expectAnswer(c, wireAnswer(res));
    });
  });
});

describe("environment domain suffixes", () => {
  describe.each(DOMAIN_SUFFIX_CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    it(`provider check: ${c.twilio}`, async () => {
      expectAnswer(c, await providerAnswer(handlers.Environment, { serviceSid: ZS, uniqueName: "contract", domainSuffix: c.input }));
    });

    it(`emulator: ${c.twilio}`, async () => {
      const res = await api.post(`${sb()}/Environments`, { UniqueName: uniqueName("env"), DomainSuffix: c.input });
      if (res.status === 201) await api.delete(`${sb()}/Environments/${res.body.sid}`);
      expectAnswer(c, wireAnswer(res));
    });
  });
});

describe("build runtimes and dependencies", () => {
  let assetVersion: string;
  beforeAll(async () => {
    const assetSid = await newAsset();
    assetVersion = api.expect(201, await api.upload(`${sb()}/Assets/${assetSid}/Versions`, { Path: "/runtime.txt", Visibility: "public" }, "x")).sid;
  });

  describe.each(RUNTIME_CASES.map((c) => [c.name, c] as const))("runtime: %s", (_name, c) => {
    it(`provider check: ${c.twilio}`, async () => {
      expectAnswer(c, await providerAnswer(handlers.Build, { serviceSid: ZS, assetVersions: [zn(1)], runtime: c.input }));
    });

    it(`emulator: ${c.twilio}`, async () => {
      expectAnswer(c, wireAnswer(await api.post(`${sb()}/Builds`, { AssetVersions: assetVersion, Runtime: c.input })));
    });
  });

  describe.each(DEPENDENCY_CASES.map((c) => [c.name, c] as const))("dependencies: %s", (_name, c) => {
    const { provider } = c.input;
    if (provider === undefined) {
      // Only npm knows; the provider leaves it to CreateBuild and must not refuse it early.
      it("provider check: accept (resolved by Twilio at CreateBuild)", async () => {
        expect(c.twilio).toBe("refuse");
        const wellFormed = Object.fromEntries((JSON.parse(c.input.wire) as { name: string; version: string }[]).map((d) => [d.name, d.version]));
        expect((await providerAnswer(handlers.Build, { serviceSid: ZS, assetVersions: [zn(1)], dependencies: wellFormed })).answer).toBe("accept");
      });
    } else {
      it(`provider check: ${c.twilio}`, async () => {
        expectAnswer(c, await providerAnswer(handlers.Build, { serviceSid: ZS, assetVersions: [zn(1)], dependencies: provider }));
      });
    }

    it(`emulator: ${c.twilio}`, async () => {
      expectAnswer(c, wireAnswer(await api.post(`${sb()}/Builds`, { AssetVersions: assetVersion, Dependencies: c.input.wire })));
    });
  });
});
