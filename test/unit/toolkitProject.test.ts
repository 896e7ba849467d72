/**
 * Reading a Serverless Toolkit project (provider/src/toolkit/): the path and visibility rules, the
 * rc file and the env file, each held to the toolkit's own code where the toolkit exposes it
 * (serverless-api's `getPathAndAccessFromFileInfo`, twilio-run's config and env readers), and the
 * errors for what cannot be deployed. Real files in a temporary folder.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { getPathAndAccessFromFileInfo } from "@twilio-labs/serverless-api/dist/utils/fs";
import { problems, projectMessages as msg } from "../../provider/src/core/messages";
import { type ReadProjectOptions, readToolkitProject, toolkitPathOf } from "../../provider/src/components/serverlessProject";
import { tempDir, thrownMessage } from "../helpers/common";
import { writeTree } from "../helpers/toolkit";

let dir: string;
beforeEach(() => {
  dir = tempDir("toolkit-unit-");
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const read = (opts: ReadProjectOptions = {}) => readToolkitProject(dir, opts, "app");
const readError = (opts: ReadProjectOptions = {}) => thrownMessage(() => read(opts));

describe("paths and visibility", () => {
  const names = [
    "index.js",
    "sms/reply.protected.js",
    "admin/format.private.js",
    "hello world.js",
    "a.public.js",
    "deep/er/x.protected.private.js",
    "style.css",
    "logo.protected.png",
    "settings.private.json",
    "archive.private.tar.gz",
    "README",
    "dir.protected/file.txt",
    "x.protected",
    ".well-known/security.txt",
    "release  notes\tv2.txt",
  ];

  test.each(names)("%s: as the toolkit's own reader says, for Functions and for Assets", (name) => {
    for (const dropExtension of [".js", undefined]) {
      const toolkit = getPathAndAccessFromFileInfo({ name, path: path.join(dir, name) }, dropExtension);
      expect(toolkitPathOf(name, dropExtension)).toEqual({ path: toolkit.path, visibility: toolkit.access });
    }
  });

  test("a project's Functions are its .js files, its Assets every file but .DS_Store, hidden ones included", () => {
    writeTree(dir, {
      "functions/a.js": "",
      "functions/notes.md": "",
      "functions/.hidden.js": "",
      "assets/.DS_Store": "",
      "assets/.well-known/x.txt": "",
      "assets/a.protected.css": "",
      "src/ignored.js": "",
      "static/ignored.txt": "",
    });
    const project = read();
    expect(project.functions.map((f) => [f.file, f.path, f.visibility])).toEqual([
      [".hidden.js", "/.hidden", "public"],
      ["a.js", "/a", "public"],
    ]);
    expect(project.assets.map((f) => [f.file, f.path, f.visibility])).toEqual([
      [".well-known/x.txt", "/.well-known/x.txt", "public"],
      ["a.protected.css", "/a.css", "protected"],
    ]);
  });

  test("src/ and static/ are read when functions/ and assets/ are missing", () => {
    writeTree(dir, { "src/a.js": "", "static/b.txt": "" });
    const project = read();
    expect([project.functions[0].path, project.assets[0].path]).toEqual(["/a", "/b.txt"]);
  });
});

describe("the rc file", () => {
  const rc = {
    serviceName: "base-name",
    runtime: "node20",
    commands: { deploy: { assetsFolder: "public" }, start: { assetsFolder: "ignored" } },
    environments: { dev: { runtime: "node22" }, stage: { serviceName: "stage-name" }, "*": { runtime: "node24" } },
  };

  /** What twilio-run's own reader makes of the rc file for `deploy` with this --environment (the flag's default is "dev"). */
  function toolkitSettings(environment: string): Record<string, unknown> {
    let settings: Record<string, unknown> = {};
    // Its loader caches the first file it reads: a fresh copy of the module per call.
    jest.isolateModules(() => {
      const { readSpecializedConfig } = require("twilio-run/dist/config/global") as typeof import("twilio-run/dist/config/global");
      // No --config: "" (falsy, as the absent flag) makes it search the project.
      settings = readSpecializedConfig(dir, "", "deploy", { environmentSuffix: environment }) as Record<string, unknown>;
    });
    return settings;
  }

  test.each([
    [".twilioserverlessrc", `// JSON5, comments and trailing commas allowed\n${JSON.stringify(rc, null, 1).replace(/\n}$/, ",\n}")}`],
    [".twilioserverlessrc.json", JSON.stringify(rc)],
    [".twilioserverlessrc.yml", `serviceName: base-name\nruntime: node20\ncommands:\n  deploy:\n    assetsFolder: public\nenvironments:\n  dev:\n    runtime: node22\n  stage:\n    serviceName: stage-name\n  "*":\n    runtime: node24\n`],
    ["package.json", JSON.stringify({ name: "pkg-name", twilioserverless: rc })],
  ])("%s: the settings for each environment are twilio-run's", (file, text) => {
    writeTree(dir, { [file]: text, "public/a.txt": "", "functions/f.js": "" });
    for (const [environment, key] of [[undefined, "dev"], ["stage", "stage"], ["", ""], ["other", "other"]] as const) {
      const expected = toolkitSettings(key);
      const project = read({ environment });
      expect(project.rcFile).toBe(file);
      expect({ serviceName: project.serviceName, runtime: project.runtime, assetsFolder: path.basename(project.assetsDir!) }).toEqual({
        serviceName: expected.serviceName,
        runtime: expected.runtime,
        assetsFolder: expected.assetsFolder,
      });
    }
  });

  test("the environment is the argument, else the rc file's, else dev; environments are named as the toolkit names them", () => {
    writeTree(dir, { "functions/f.js": "", ".twilioserverlessrc": '{ environment: "stage" }' });
    expect([read().domainSuffix, read().environmentUniqueName]).toEqual(["stage", "stage-environment"]);
    expect([read({ environment: "" }).domainSuffix, read({ environment: "" }).environmentUniqueName]).toEqual(["", "production"]);
    expect(read({ environment: "qa" }).domainSuffix).toBe("qa");
  });

  test.each([".twilioserverlessrc.js", ".twilioserverlessrc.cjs", "twilioserverless.config.js", ".config/twilioserverlessrc.ts"])(
    "%s is refused, naming the file and the formats that are read",
    (file) => {
      writeTree(dir, { "functions/f.js": "", [file]: "module.exports = {}" });
      expect(readError()).toBe(msg.problems("app", [msg.unsupportedRc(file)]));
    },
  );

  test("a setting of the wrong type, and a file that is not JSON5, are refused naming the field and the value", () => {
    writeTree(dir, { "functions/f.js": "", ".twilioserverlessrc": '{ environments: { dev: { runtime: 22 } } }' });
    expect(readError()).toBe(msg.problems("app", [msg.badSetting('environments["dev"].runtime', ".twilioserverlessrc", 22, "a string")]));
    writeTree(dir, { ".twilioserverlessrc": "{ serviceName: " });
    expect(readError()).toContain(`the configuration file ".twilioserverlessrc" cannot be parsed`);
  });

  test("settings the component does not follow are reported", () => {
    writeTree(dir, { "functions/f.js": "", ".twilioserverlessrc": '{ region: "ie1", projects: {}, commands: { deploy: { loadSystemEnv: true } } }' });
    expect(read().ignoredSettings).toEqual(["loadSystemEnv", "projects", "region"]);
  });
});

describe("the env file", () => {
  const envText = [
    "# comment",
    "ACCOUNT_SID=AC123",
    "AUTH_TOKEN=secret",
    "EMPTY=",
    'QUOTED="two words"',
    "SINGLE='x'",
    "INLINE=value # not a comment in dotenv 6",
    'NEWLINES="a\\nb"',
    "  SPACED  =  padded  ",
    "export EXPORTED=1",
    "dotted.key-name=ok",
  ].join("\n");

  test("the Variables are twilio-run's: its parser, without empty values and its local credentials", async () => {
    writeTree(dir, { "functions/f.js": "", ".env": envText });
    const { readLocalEnvFile, filterEnvVariablesForDeploy } = require("twilio-run/dist/config/utils/env") as typeof import("twilio-run/dist/config/utils/env");
    const { localEnv } = await readLocalEnvFile({ cwd: dir } as Parameters<typeof readLocalEnvFile>[0]);
    const expected = filterEnvVariablesForDeploy(localEnv);
    expect(read().variables).toEqual(expected);
    expect(Object.keys(expected)).toContain("QUOTED");
    expect(Object.keys(expected)).not.toContain("ACCOUNT_SID");
  });

  test("the env setting names another file, which must exist; values over Twilio's limit are refused without being shown", () => {
    writeTree(dir, { "functions/f.js": "", ".env.prod": `BIG=${"x".repeat(451)}\n`, ".twilioserverlessrc": '{ env: ".env.prod" }' });
    expect(readError()).toBe(msg.problems("app", [msg.variableValueTooLong(".env.prod", "BIG", 451, 450)]));
    writeTree(dir, { ".twilioserverlessrc": '{ env: ".env.missing" }' });
    expect(readError()).toBe(msg.problems("app", [msg.missingEnvFile(".env.missing")]));
  });
});

describe("package.json", () => {
  test("dependencies become the build's, an empty version as *; the runtime handler goes as declared", () => {
    writeTree(dir, {
      "functions/f.js": "",
      "package.json": JSON.stringify({ name: "x", dependencies: { "@twilio/runtime-handler": "2.1.0", lodash: "^4.17.21", any: "" }, devDependencies: { jest: "30" } }),
    });
    expect(read().dependencies).toEqual({ "@twilio/runtime-handler": "2.1.0", lodash: "^4.17.21", any: "*" });
    expect(read().serviceName).toBe("x");
  });

  test("a dependency that is not an npm name, or whose version npm could not resolve, is refused naming it", () => {
    writeTree(dir, { "functions/f.js": "", "package.json": JSON.stringify({ dependencies: { "Bad Name": "1.0.0", ok: "git+ssh://git@github.com/x/y.git" } }) });
    expect(readError()).toBe(
      msg.problems("app", [
        msg.dependencyProblem("dependencies", "Bad Name", problems.dependencyName(["name can only contain URL-friendly characters"])),
        msg.dependencyProblem("dependencies.ok", "git+ssh://git@github.com/x/y.git", problems.dependencyVersion()),
      ]),
    );
  });

  test("a runtime handler that is not an exact version, or only in devDependencies, is refused as the toolkit refuses it", () => {
    writeTree(dir, { "functions/f.js": "", "package.json": JSON.stringify({ dependencies: { "@twilio/runtime-handler": "^2.1.0" } }) });
    expect(readError()).toBe(msg.problems("app", [msg.runtimeHandlerNotExact("^2.1.0")]));
    writeTree(dir, { "package.json": JSON.stringify({ devDependencies: { "@twilio/runtime-handler": "2.1.0" } }) });
    expect(readError()).toBe(msg.problems("app", [msg.runtimeHandlerInDevDependencies()]));
  });
});

describe("what cannot be deployed is refused before anything is written", () => {
  test("paths Twilio refuses, two files at one path, a runtime Twilio does not build: one error naming each", () => {
    writeTree(dir, { "functions/a#b.js": "", "functions/a b.js": "", "functions/a-b.js": "", "assets/(x).txt": "" });
    const message = readError({ runtime: "node18" });
    expect(message).toBe(
      msg.problems("app", [
        msg.badRuntime("runtime", "node18", ["node20", "node22", "node24"]),
        msg.badPath("functions/a#b.js", "/a#b", "contains '#': Twilio paths must be without fragments, and browsers never send one"),
        msg.badPath("assets/(x).txt", "/(x).txt", "contains the forbidden character '(' (none of ;,?:@+&$()'\" are allowed)"),
        msg.duplicatePath("/a-b", ["functions/a b.js", "functions/a-b.js"]),
      ]),
    );
  });

  test("a service name or an environment that cannot be part of a domain name", () => {
    writeTree(dir, { "functions/a.js": "", ".twilioserverlessrc": '{ serviceName: "my_app", environment: "a-very-long-stage-name" }' });
    expect(readError()).toBe(
      msg.problems("app", [
        msg.badName("serviceName", "my_app", problems.domainLabel()),
        msg.badName("environment", "a-very-long-stage-name", problems.tooLong(22, 16)),
      ]),
    );
    // A given Service's name is its own: only the environment is the project's.
    expect(readError({ serviceGiven: true })).toBe(msg.problems("app", [msg.badName("environment", "a-very-long-stage-name", problems.tooLong(22, 16))]));
  });

  test("more Functions than a build holds", () => {
    writeTree(dir, Object.fromEntries(Array.from({ length: 100 + 1 }, (_, i) => [`functions/f${i}.js`, ""])));
    expect(readError()).toBe(msg.problems("app", [msg.tooMany(100 + 1, 100, "Functions")]));
  });

  test("a missing project, a missing named folder, a project with nothing to deploy, an Environment SID as environment", () => {
    expect(() => readToolkitProject(path.join(dir, "nope"), {}, "app")).toThrow(msg.missingProject(path.join(dir, "nope")));
    writeTree(dir, { ".twilioserverlessrc": '{ functionsFolder: "fns" }', "functions/a.js": "" });
    expect(readError()).toBe(msg.problems("app", [msg.missingFolder("functionsFolder", "fns", path.join(dir, "fns"))]));
    fs.rmSync(path.join(dir, ".twilioserverlessrc"));
    fs.rmSync(path.join(dir, "functions"), { recursive: true });
    expect(readError()).toBe(msg.problems("app", [msg.noFiles(dir)]));
    writeTree(dir, { "functions/a.js": "" });
    const sid = `ZE${"0".repeat(32)}`;
    expect(readError({ environment: sid })).toBe(msg.problems("app", [msg.environmentSid(sid)]));
  });
});
