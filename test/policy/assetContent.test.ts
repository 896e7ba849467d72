import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { assetVersionNoSecrets, assetVersionPublicImageMetadata } from "../../policy/policies/assetContent";
import { imageMetadata } from "../../policy/policies/imageMetadata";
import { secretReason } from "../../policy/policies/secretPatterns";
import { jpeg, png } from "./images";
import { resourceArgs, UNKNOWN, validateResource } from "./policyArgs";
import { tempFiles } from "../helpers/common";

const { file, at } = tempFiles("policy-content-");

const asset = (props: Record<string, unknown>) => ({
  serviceSid: UNKNOWN.string,
  assetSid: UNKNOWN.string,
  path: "/photo.jpg",
  visibility: "public",
  size: 100,
  contentType: "image/jpeg",
  ...props,
});

const EIFFEL = { latitude: 48.8584, longitude: 2.2945 };

describe("imageMetadata", () => {
  it("finds GPS and camera tags in a JPEG and in a PNG eXIf chunk", async () => {
    const gpsTags = ["GPSLatitudeRef", "GPSLatitude", "GPSLongitudeRef", "GPSLongitude"];
    expect(await imageMetadata(jpeg({ make: "Canon", gps: EIFFEL }))).toEqual({ gps: gpsTags, identifying: ["Make"] });
    expect(await imageMetadata(png({ model: "Pixel 8", gps: EIFFEL }))).toEqual({ gps: gpsTags, identifying: ["Model"] });
  });

  it("reports nothing for images with only technical tags, no EXIF, or that are not images", async () => {
    expect(await imageMetadata(jpeg({}))).toBeUndefined();
    expect(await imageMetadata(jpeg())).toBeUndefined();
    expect(await imageMetadata(png())).toBeUndefined();
    expect(await imageMetadata(Buffer.from("<svg/>"))).toBeUndefined();
  });
});

describe("#assetVersionPublicImageMetadata", () => {
  it("warns about a public JPEG with GPS coordinates", async () => {
    const props = asset({ contentFile: file("gps.jpg", jpeg({ make: "Canon", gps: EIFFEL })) });
    expect(await validateResource(assetVersionPublicImageMetadata, resourceArgs("AssetVersion", "photo", props))).toEqual([
      'AssetVersion "photo" is a public image whose EXIF metadata includes GPS coordinates (GPSLatitudeRef, GPSLatitude, GPSLongitudeRef, GPSLongitude), which Twilio serves as uploaded.',
    ]);
  });

  it("warns about a public PNG with camera metadata but no GPS", async () => {
    const props = asset({ path: "/shot.png", contentType: "image/png", contentFile: file("cam.png", png({ make: "Nikon", model: "D850" })) });
    expect(await validateResource(assetVersionPublicImageMetadata, resourceArgs("AssetVersion", "shot", props))).toEqual([
      'AssetVersion "shot" is a public image whose EXIF metadata (Make, Model) Twilio serves as uploaded.',
    ]);
  });

  it("passes a clean public image, and a private image with GPS", async () => {
    const clean = asset({ contentFile: file("clean.jpg", jpeg()) });
    expect(await validateResource(assetVersionPublicImageMetadata, resourceArgs("AssetVersion", "clean", clean))).toEqual([]);
    const hidden = asset({ visibility: "private", contentFile: file("hidden.jpg", jpeg({ gps: EIFFEL })) });
    expect(await validateResource(assetVersionPublicImageMetadata, resourceArgs("AssetVersion", "hidden", hidden))).toEqual([]);
  });

  it("reads only the head of the file (headBytes)", async () => {
    const props = asset({ contentFile: file("head.jpg", jpeg({ gps: EIFFEL })) });
    const tooShort = resourceArgs("AssetVersion", "photo", props, { headBytes: 16 });
    expect(await validateResource(assetVersionPublicImageMetadata, tooShort)).toEqual([]);
  });

  it("passes when the file is gone (a preview on another machine) or the content is not a file", async () => {
    const gone = asset({ contentFile: at("missing.jpg") });
    expect(await validateResource(assetVersionPublicImageMetadata, resourceArgs("AssetVersion", "gone", gone))).toEqual([]);
    const inline = asset({ contentType: "image/svg+xml", content: "<svg/>" });
    expect(await validateResource(assetVersionPublicImageMetadata, resourceArgs("AssetVersion", "inline", inline))).toEqual([]);
  });
});

describe("secretReason", () => {
  it.each([
    ["/.env", undefined, "a .env file"],
    ["/config/.env.production", undefined, "a .env file"],
    ["/certs/server.pem", undefined, "a key file (.pem)"],
    ["/id_ed25519", undefined, "an SSH private key file"],
    ["/.npmrc", undefined, "a .npmrc file"],
    ["/credentials.json", undefined, "a credentials file"],
    ["/home/.aws/credentials", undefined, "a file from a .ssh or .aws folder"],
    ["/notes.txt", "-----BEGIN OPENSSH PRIVATE KEY-----\nabc", "a PEM private key"],
    ["/notes.txt", "key: AKIAIOSFODNN7EXAMPLE", "an AWS access key ID"],
    ["/settings.txt", "# twilio\nTWILIO_AUTH_TOKEN=0123456789abcdef0123456789abcdef\n", "a value for TWILIO_AUTH_TOKEN"],
  ])("finds %s (%j) to be %s", (p, content, reason) => {
    expect(secretReason(p, content === undefined ? undefined : Buffer.from(content))).toBe(reason);
  });

  it.each([
    ["/.env.example", "API_TOKEN="],
    ["/index.html", "<html>TOKEN=<b>x</b></html>"],
    ["/app.js", "const API_KEY = process.env.API_KEY;"],
    ["/id_rsa.pub", "ssh-ed25519 AAAA"],
    ["/readme.txt", "PASSWORD=short"],
  ])("finds nothing in %s", (p, content) => {
    expect(secretReason(p, Buffer.from(content))).toBeUndefined();
  });
});

describe("#assetVersionNoSecrets", () => {
  it("warns about a public .env file given as string content", async () => {
    const props = asset({ path: "/.env", contentType: "application/octet-stream", content: "API_TOKEN=not-a-real-token\n" });
    expect(await validateResource(assetVersionNoSecrets, resourceArgs("AssetVersion", "dotenv", props))).toEqual([
      'AssetVersion "dotenv" is public and looks like a secret (a .env file), which belongs in a private asset or an environment variable.',
    ]);
  });

  it("warns about a protected file whose content is a private key", async () => {
    const props = asset({ path: "/keys/site.txt", visibility: "protected", contentType: "text/plain", contentFile: file("k.txt", "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n") });
    expect(await validateResource(assetVersionNoSecrets, resourceArgs("AssetVersion", "key", props))).toEqual([
      expect.stringContaining("is protected and looks like a secret (a PEM private key)"),
    ]);
  });

  it("passes the same .env file as a private asset, and ordinary public files", async () => {
    const privateEnv = asset({ path: "/.env", visibility: "private", content: "API_TOKEN=not-a-real-token\n" });
    expect(await validateResource(assetVersionNoSecrets, resourceArgs("AssetVersion", "env", privateEnv))).toEqual([]);
    const page = asset({ path: "/index.html", contentType: "text/html", contentFile: file("index.html", "<html></html>") });
    expect(await validateResource(assetVersionNoSecrets, resourceArgs("AssetVersion", "page", page))).toEqual([]);
    const photo = asset({ contentFile: file("p.jpg", jpeg({ gps: EIFFEL })) });
    expect(await validateResource(assetVersionNoSecrets, resourceArgs("AssetVersion", "photo", photo))).toEqual([]);
  });
});

describe("content given as a Pulumi StringAsset", () => {
  it("is read through the proxy (its text is a Promise)", async () => {
    const content = new pulumi.asset.StringAsset("-----BEGIN EC PRIVATE KEY-----\nMHc\n");
    const props = asset({ path: "/notes.txt", contentType: "text/plain", content });
    expect(await validateResource(assetVersionNoSecrets, resourceArgs("AssetVersion", "notes", props))).toEqual([
      expect.stringContaining("looks like a secret (a PEM private key)"),
    ]);
  });
});

describe("the example program's image files", () => {
  const files = path.resolve(__dirname, "../../examples/policy-violations/files");

  it("photo-with-gps.jpg carries GPS coordinates (the advisory scenario relies on it)", async () => {
    expect((await imageMetadata(fs.readFileSync(path.join(files, "photo-with-gps.jpg"))))?.gps).toContain("GPSLatitude");
  });

  it("logo.png carries none", async () => {
    expect(await imageMetadata(fs.readFileSync(path.join(files, "logo.png")))).toBeUndefined();
  });
});
