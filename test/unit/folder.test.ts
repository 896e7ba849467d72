/**
 * The folder scan behind AssetFolder (provider/src/components/folder.ts): which files are published, at which
 * path, with which visibility; root pages; and what is refused. Real files in a temporary folder.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_EXCLUDES, type FolderFile, type FolderOptions, parseMarker, scanFolder } from "../../provider/src/components/folder";
import { folderMessages as msg } from "../../provider/src/core/messages";
import { tempDir, thrownMessage } from "../helpers/common";

let dir: string;
let outside: string;

function write(files: Record<string, string>, base = dir): void {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(base, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}

/** `{ file: [path, servedPath, visibility] }` of a scan. */
function summary(files: FolderFile[]): Record<string, [string, string, string]> {
  return Object.fromEntries(files.map((f) => [f.file, [f.path, f.servedPath, f.visibility]]));
}

const scan = (opts: FolderOptions = {}) => scanFolder(dir, opts, "site");
const scanError = (opts: FolderOptions = {}) => thrownMessage(() => scan(opts));

beforeEach(() => {
  dir = tempDir("folder-");
  outside = tempDir("outside-");
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

describe("parseMarker", () => {
  it.each([
    ["logo.png", "logo.png", undefined],
    ["hello.protected.mp3", "hello.mp3", "protected"],
    ["config.private.json", "config.json", "private"],
    ["archive.private.tar.gz", "archive.tar.gz", "private"],
    ["a.b.protected.txt", "a.b.txt", "protected"],
    ["notes.private", "notes", "private"],
    ["private.txt", "private.txt", undefined],
    ["protected", "protected", undefined],
    ["my.privateer.txt", "my.privateer.txt", undefined],
  ])("reads %s as %s (%s)", (name, served, visibility) => {
    expect(parseMarker(name)).toEqual(visibility ? { name: served, visibility } : { name: served });
  });
});

describe("scanFolder", () => {
  it("publishes every file as public at its path, sorted, with its size and media type", () => {
    write({ "index.html": "<h1>hi</h1>", "css/site.css": "body{}", "images/logo.svg": "<svg/>" });
    const files = scan();
    expect(summary(files)).toEqual({
      "css/site.css": ["/css/site.css", "/css/site.css", "public"],
      "images/logo.svg": ["/images/logo.svg", "/images/logo.svg", "public"],
      "index.html": ["/index.html", "/index.html", "public"],
    });
    expect(files.map((f) => f.file)).toEqual(["css/site.css", "images/logo.svg", "index.html"]);
    const index = files.find((f) => f.file === "index.html")!;
    expect(index).toMatchObject({ contentType: "text/html", size: 11, absolutePath: path.join(dir, "index.html") });
    expect(files.find((f) => f.file === "images/logo.svg")!.contentType).toBe("image/svg+xml");
  });

  it("takes the visibility from the .protected/.private marker and drops the marker from the served path", () => {
    write({ "audio/welcome.protected.mp3": "mp3", "config/settings.private.json": "{}", "a.txt": "a" });
    expect(summary(scan())).toEqual({
      "a.txt": ["/a.txt", "/a.txt", "public"],
      "audio/welcome.protected.mp3": ["/audio/welcome.mp3", "/audio/welcome.mp3", "protected"],
      "config/settings.private.json": ["/config/settings.json", "/config/settings.json", "private"],
    });
    expect(scan().find((f) => f.visibility === "protected")!.contentType).toBe("audio/mpeg");
  });

  it("applies visibility overrides by file path or served path, globs included, the last match winning over the marker", () => {
    write({ "a.txt": "a", "b.protected.txt": "b", "data/x.json": "{}", "data/y.json": "{}", "c.private.txt": "c" });
    const files = scan({
      visibility: {
        "data/*.json": "private",
        "data/y.json": "protected",
        "/b.txt": "public",
        "c.private.txt": "protected",
      },
    });
    expect(summary(files)).toEqual({
      "a.txt": ["/a.txt", "/a.txt", "public"],
      "b.protected.txt": ["/b.txt", "/b.txt", "public"],
      "c.private.txt": ["/c.txt", "/c.txt", "protected"],
      "data/x.json": ["/data/x.json", "/data/x.json", "private"],
      "data/y.json": ["/data/y.json", "/data/y.json", "protected"],
    });
  });

  it("refuses an override that is not a visibility", () => {
    write({ "a.txt": "a" });
    expect(scanError({ visibility: { "a.txt": "secret" as never } })).toBe(`AssetFolder "site": ${msg.badVisibility("a.txt", "secret")}.`);
  });

  it("skips hidden files and folders and editor/OS litter by default", () => {
    write({
      "index.html": "x",
      ".gitkeep": "",
      ".env": "SECRET=1",
      ".DS_Store": "x",
      "images/.DS_Store": "x",
      "images/logo.png": "png",
      "images/Thumbs.db": "x",
      "images/desktop.ini": "x",
      "notes.txt~": "x",
      "#draft.html#": "x",
      ".git/config": "x",
      ".cache/file.txt": "x",
      "__MACOSX/._logo.png": "x",
      "page.html.swp": "x",
    });
    expect(scan().map((f) => f.file)).toEqual(["images/logo.png", "index.html"]);
  });

  it("includes a hidden folder when an include glob spells it, still without the litter inside it", () => {
    write({ "index.html": "x", ".well-known/security.txt": "x", ".well-known/.DS_Store": "x", ".other/a.txt": "x" });
    expect(scan({ include: ["**", ".well-known/**"] }).map((f) => f.file)).toEqual([".well-known/security.txt", "index.html"]);
  });

  it("honours include and exclude globs, excluded folders included", () => {
    write({ "a.html": "x", "b.css": "x", "drafts/c.html": "x", "pages/d.html": "x", "pages/e.txt": "x" });
    expect(scan({ include: ["**/*.html"] }).map((f) => f.file)).toEqual(["a.html", "drafts/c.html", "pages/d.html"]);
    expect(scan({ exclude: ["drafts/**", "*.css"] }).map((f) => f.file)).toEqual(["a.html", "pages/d.html", "pages/e.txt"]);
    expect(scan({ include: ["pages/**"], exclude: ["**/*.txt"] }).map((f) => f.file)).toEqual(["pages/d.html"]);
  });

  it("keeps the litter when defaultExcludes is false", () => {
    write({ "a.txt": "x", "Thumbs.db": "x", "b.txt~": "x" });
    expect(scan({ defaultExcludes: false }).map((f) => f.file)).toEqual(["Thumbs.db", "a.txt", "b.txt~"]);
    expect(DEFAULT_EXCLUDES).toContain("**/.DS_Store");
  });

  describe("root page", () => {
    beforeEach(() => write({ "index.html": "<h1>home</h1>", "logo.png": "png", "secret.private.html": "x" }));

    it("serves an HTML root page from /assets/index.html, listed at /", () => {
      const files = scan({ rootPage: "index.html" });
      expect(summary(files)["index.html"]).toEqual(["/assets/index.html", "/", "public"]);
      expect(files.find((f) => f.file === "index.html")!.contentType).toBe("text/html");
    });

    it("serves any other file, or an HTML page when asked, at /", () => {
      expect(summary(scan({ rootPage: "logo.png" }))["logo.png"]).toEqual(["/", "/", "public"]);
      expect(summary(scan({ rootPage: "/index.html", rootPath: "/" }))["index.html"]).toEqual(["/", "/", "public"]);
    });

    it("refuses a root page that is not published, not public, or not HTML at /assets/index.html", () => {
      expect(scanError({ rootPage: "missing.html" })).toBe(`AssetFolder "site": ${msg.rootPageMissing("missing.html")}.`);
      expect(scanError({ rootPage: "secret.private.html" })).toBe(`AssetFolder "site": ${msg.rootPageNotPublic("secret.private.html", "private")}.`);
      expect(scanError({ rootPage: "index.html", visibility: { "index.html": "protected" } })).toContain(
        msg.rootPageNotPublic("index.html", "protected"),
      );
      expect(scanError({ rootPage: "logo.png", rootPath: "/assets/index.html" })).toBe(
        `AssetFolder "site": ${msg.rootPathNotHtml("logo.png", "image/png")}.`,
      );
      expect(scanError({ rootPage: "index.html", rootPath: "/home" as never })).toContain(msg.badRootPath("/home"));
    });

    it("refuses a root page whose path another file already has", () => {
      write({ "assets/index.html": "<p>other</p>" });
      expect(scanError({ rootPage: "index.html" })).toBe(
        `AssetFolder "site": ${msg.duplicatePath("/assets/index.html", ["assets/index.html", "index.html"])}.`,
      );
    });
  });

  it("refuses two files served at one path", () => {
    write({ "a.txt": "x", "a.private.txt": "y" });
    expect(scanError()).toBe(`AssetFolder "site": ${msg.duplicatePath("/a.txt", ["a.private.txt", "a.txt"])}.`);
  });

  it("refuses paths Twilio refuses, naming each file", () => {
    write({ "My Photo.jpg": "x", "a(1).txt": "y", "ok.txt": "z" });
    const message = scanError();
    expect(message).toContain('AssetFolder "site" has 2 problems:');
    expect(message).toContain(msg.badPath("My Photo.jpg", "/My Photo.jpg", "contains whitespace"));
    expect(message).toContain('"a(1).txt" would be served at "/a(1).txt", which contains the forbidden character \'(\'');
  });

  describe("symbolic links", () => {
    it("follows links to files and folders inside the folder", () => {
      write({ "real/a.txt": "a", "b.txt": "b" });
      fs.symlinkSync(path.join(dir, "b.txt"), path.join(dir, "c.txt"));
      fs.symlinkSync("real", path.join(dir, "alias"));
      const files = scan();
      expect(files.map((f) => f.file)).toEqual(["alias/a.txt", "b.txt", "c.txt", "real/a.txt"]);
      expect(files.find((f) => f.file === "c.txt")).toMatchObject({ absolutePath: path.join(dir, "c.txt"), size: 1 });
    });

    it("refuses a link to a file outside the folder", () => {
      write({ "passwd": "secret" }, outside);
      write({ "index.html": "x" });
      fs.symlinkSync(path.join(outside, "passwd"), path.join(dir, "passwd.txt"));
      expect(scanError()).toBe(`AssetFolder "site": ${msg.symlinkOutside("passwd.txt", fs.realpathSync(path.join(outside, "passwd")))}.`);
    });

    it("refuses a link to a folder outside, and a relative link that climbs out", () => {
      write({ "x.txt": "x" }, outside);
      write({ "index.html": "x" });
      fs.symlinkSync(outside, path.join(dir, "ext"));
      fs.mkdirSync(path.join(dir, "sub"));
      fs.symlinkSync(path.join("..", "..", path.basename(outside), "x.txt"), path.join(dir, "sub", "up.txt"));
      const message = scanError();
      expect(message).toContain(msg.symlinkOutside("ext", fs.realpathSync(outside)));
      expect(message).toContain(msg.symlinkOutside("sub/up.txt", fs.realpathSync(path.join(outside, "x.txt"))));
    });

    it("lets an excluded or hidden link that leaves the folder pass, unpublished", () => {
      write({ "x.txt": "x" }, outside);
      write({ "index.html": "x" });
      fs.symlinkSync(outside, path.join(dir, "node_modules"));
      fs.symlinkSync(path.join(outside, "x.txt"), path.join(dir, ".hidden.txt"));
      expect(scan({ exclude: ["node_modules/**"] }).map((f) => f.file)).toEqual(["index.html"]);
    });

    it("refuses a link cycle and a broken link", () => {
      write({ "sub/a.txt": "a" });
      fs.symlinkSync("..", path.join(dir, "sub", "loop"));
      fs.symlinkSync(path.join(dir, "gone.txt"), path.join(dir, "broken.txt"));
      const message = scanError();
      expect(message).toContain(msg.symlinkCycle("sub/loop", fs.realpathSync(dir)));
      expect(message).toContain(msg.brokenSymlink("broken.txt"));
    });
  });

  it("refuses a name that is not valid UTF-8, naming it with its bad bytes percent-encoded, unless it is excluded", () => {
    write({ "ok.txt": "x" });
    fs.writeFileSync(Buffer.concat([Buffer.from(`${dir}/caf`), Buffer.from([0xe9]), Buffer.from(".txt")]), "x");
    const badDir = Buffer.concat([Buffer.from(`${dir}/d`), Buffer.from([0xff])]);
    fs.mkdirSync(badDir);
    fs.writeFileSync(Buffer.concat([badDir, Buffer.from("/in.txt")]), "y");
    expect(scanError()).toBe(`AssetFolder "site" has 2 problems:\n  - ${msg.notUtf8("caf%E9.txt")}\n  - ${msg.notUtf8("d%FF")}`);
    expect(msg.notUtf8("caf%E9.txt")).toBe('"caf%E9.txt" is a name that is not valid UTF-8 (its bad bytes shown as %XX), and Twilio paths are text; rename it or exclude it');
    // excluded (by a glob on the encoded name), it is skipped like any other excluded file
    expect(summary(scan({ exclude: ["caf*", "d%FF/**"] }))).toEqual({ "ok.txt": ["/ok.txt", "/ok.txt", "public"] });
  });

  it("refuses a file over its visibility's size limit, and more files than one build holds, before anything uploads", () => {
    write({ "ok.txt": "x" });
    fs.writeFileSync(path.join(dir, "big.private.bin"), Buffer.alloc(0));
    fs.truncateSync(path.join(dir, "big.private.bin"), 10_000_001);
    for (let i = 0; i < 51; i++) write({ [`conf/${i}.private.json`]: "{}" });
    expect(scanError()).toBe(
      `AssetFolder "site" has 2 problems:\n` +
        `  - "big.private.bin" is 10,000,001 bytes, over Twilio's limit of 10,000,000 bytes for private files; shrink it or exclude it\n` +
        `  - the folder publishes 52 private files, over Twilio's limit of 50 per build; exclude some, or split the folder between builds`,
    );
    fs.rmSync(path.join(dir, "conf"), { recursive: true });
    fs.rmSync(path.join(dir, "big.private.bin"));
    for (let i = 0; i < 1000; i++) write({ [`p/${i}.txt`]: "" });
    expect(scanError()).toBe(`AssetFolder "site": ${msg.tooManyFiles(1001, 1000, "public and protected files")}.`);
    expect(scan({ exclude: ["ok.txt"] })).toHaveLength(1000);
  });

  it("fails clearly on a missing folder or a file instead of a folder", () => {
    expect(() => scanFolder(path.join(dir, "nope"), {}, "site")).toThrow(`AssetFolder "site": ${msg.missingDirectory(path.join(dir, "nope"))}.`);
    write({ "f.txt": "x" });
    expect(() => scanFolder(path.join(dir, "f.txt"), {}, "site")).toThrow(msg.notADirectory(path.join(dir, "f.txt")));
  });
});
