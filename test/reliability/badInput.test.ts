/**
 * Bad input that `pulumi preview` cannot catch, because it is not bad yet when preview runs: a name
 * that someone takes in Twilio in between, a file that grows, more files than a build holds, a
 * file name that is not UTF-8. For each, `pulumi up` fails before its first write (the emulator
 * counts none), with a message naming the resource, the field, the value and the rule.
 * Needs `npm run build` first.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { SiteStack } from "../../bench/lib/reliability";
import { TwilioClient } from "../../provider/src/core/client/client";
import { createEnvironment, deleteEnvironment } from "../../provider/src/core/client/environments";
import { createService, deleteService } from "../../provider/src/core/client/services";
import { TIMEOUT, useSiteStack } from "../helpers/reliability";
import { uniqueName } from "../helpers/common";

const fixture = useSiteStack("bundle", 12);
let client: TwilioClient;
let serviceSid: string;

beforeAll(async () => {
  const { emulator, site } = fixture;
  client = new TwilioClient({ baseUrl: emulator.url, uploadBaseUrl: emulator.url, username: emulator.accountSid, password: emulator.authToken });
  fs.writeFileSync(path.join(site.dataset.assetsDir, "notes.private.txt"), "private notes");
  const first = await site.up();
  expect({ code: first.code, tail: first.output.split("\n").slice(-20) }).toMatchObject({ code: 0 });
  serviceSid = (await site.stack.resources()).find((r) => r.type.endsWith(":Service"))!.id!;
}, TIMEOUT);

afterAll(() => client?.close());

/**
 * Preview passes and writes nothing; then `change` happens; then `pulumi up` fails without a single
 * write, and its output says each of `expected`. `undo` puts things back.
 */
async function failsBeforeFirstWrite(
  stack: SiteStack,
  change: () => Promise<void> | void,
  expected: RegExp | RegExp[],
  undo: () => Promise<void> | void,
) {
  fixture.emulator.resetStats();
  const preview = await stack.stack.attempt(["preview", "--non-interactive"]);
  expect({ code: preview.code, tail: preview.output.split("\n").slice(-20) }).toMatchObject({ code: 0 });
  expect(fixture.emulator.stats().writes).toBe(0);
  await change();
  fixture.emulator.resetStats();
  const up = await stack.up();
  expect(up.code).not.toBe(0);
  for (const line of [expected].flat()) expect(up.output).toMatch(line);
  expect(fixture.emulator.stats().writes).toBe(0);
  await undo();
}

describe("bad input that preview cannot catch: pulumi up fails before its first write", () => {
  it(
    "an Environment name taken in the service after preview: names the Environment, uniqueName, the value and the environment that has it",
    async () => {
      let taken: string | undefined;
      await failsBeforeFirstWrite(
        fixture.site,
        async () => {
          await fixture.site.stack.setConfig("bench:environment", "stage");
          // someone else's, made after the preview
          taken = (await createEnvironment(client, serviceSid, "stage", "other")).sid;
        },
        new RegExp(`Environment "site": uniqueName "stage" is taken: Service ${serviceSid} already has Environment ${"ZE[0-9a-f]{32}"} \\([^)]+\\) with it \\(an environment's uniqueName and domainSuffix are each unique in its service\\)`),
        async () => {
          await fixture.site.stack.attempt(["config", "rm", "bench:environment"]);
          await deleteEnvironment(client, serviceSid, taken!);
        },
      );
    },
    TIMEOUT,
  );

  it(
    "files changed after preview (one grown past its limit, more private files than a build holds, a name that is not UTF-8): names the AssetFolder and each file, value and limit",
    async () => {
      const notes = path.join(fixture.site.dataset.assetsDir, "notes.private.txt");
      const config = path.join(fixture.site.dataset.assetsDir, "config");
      const bad = Buffer.concat([Buffer.from(`${fixture.site.dataset.assetsDir}/caf`), Buffer.from([0xe9]), Buffer.from(".html")]);
      await failsBeforeFirstWrite(
        fixture.site,
        () => {
          fs.truncateSync(notes, 10_000_001);
          fs.mkdirSync(config);
          for (let i = 0; i < 50; i++) fs.writeFileSync(path.join(config, `c${i}.private.json`), "{}");
          fs.writeFileSync(bad, "<p>café</p>");
        },
        [
          /AssetFolder "site" has 3 problems:/,
          /- "caf%E9\.html" is a name that is not valid UTF-8 \(its bad bytes shown as %XX\), and Twilio paths are text; rename it or exclude it/,
          /- "notes\.private\.txt" is 10,000,001 bytes, over Twilio's limit of 10,000,000 bytes for private files; shrink it or exclude it/,
          /- the folder publishes 51 private files, over Twilio's limit of 50 per build; exclude some, or split the folder between builds/,
        ],
        () => {
          fs.writeFileSync(notes, "private notes");
          fs.rmSync(config, { recursive: true });
          fs.rmSync(bad);
        },
      );
      // back to the folder as deployed: nothing to change
      fixture.emulator.resetStats();
      const up = await fixture.site.up();
      expect({ code: up.code, tail: up.output.split("\n").slice(-30) }).toMatchObject({ code: 0 });
      expect(fixture.emulator.stats().writes).toBe(0);
    },
    TIMEOUT,
  );

  it(
    "a Service name taken in the account after preview: names the Service, uniqueName, the value and the Service that has it",
    async () => {
      const fresh = await fixture.another("bundle", 3);
      const name = uniqueName("taken");
      await fresh.stack.setConfig("bench:serviceName", name);
      let taken: string | undefined;
      await failsBeforeFirstWrite(
        fresh,
        async () => void (taken = (await createService(client, name, { friendlyName: name })).sid),
        new RegExp(`Service "service": uniqueName "${name}" is taken: the account already has Service ZS[0-9a-f]{32} by that name`),
        () => deleteService(client, taken!),
      );
    },
    TIMEOUT,
  );

  it(
    "and destroy then leaves the account empty",
    async () => {
      expect((await fixture.site.destroy()).code).toBe(0);
      expect(Object.values(fixture.emulator.inventory()).every((n) => n === 0)).toBe(true);
    },
    TIMEOUT,
  );
});
