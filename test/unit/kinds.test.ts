/** The kind table (provider/src/core/kinds.ts): one kind, a token per entry, read back by either. */
import { kindOf, nameOfUrn, PLUGIN_TOKENS, RESOURCE_KINDS, TYPE_TOKENS, typeOfUrn } from "../../provider/src/core/kinds";

describe("kinds", () => {
  it("names each kind in both families and reads either token back as the kind", () => {
    expect(TYPE_TOKENS.Build).toBe("pulumi-nodejs:dynamic/twilio:Build");
    expect(PLUGIN_TOKENS.Build).toBe("twilio-serverless:index:Build");
    for (const kind of RESOURCE_KINDS) {
      expect(kindOf(TYPE_TOKENS[kind])).toBe(kind);
      expect(kindOf(PLUGIN_TOKENS[kind])).toBe(kind);
    }
  });

  it("knows no other token: components, other providers, near misses", () => {
    for (const type of ["twilio-serverless:index:AssetFolder", "aws:s3/bucket:Bucket", "twilio-serverless:index:build", "pulumi-nodejs:dynamic/twilio:Queue", "toString", ""]) {
      expect(kindOf(type)).toBeUndefined();
    }
  });

  it("reads a child's own type and its name (which may hold '::') from a URN", () => {
    const urn = "urn:pulumi:dev::site::twilio-serverless:index:AssetFolder$twilio-serverless:index:AssetVersion::site/a::b.txt";
    expect(typeOfUrn(urn)).toBe("twilio-serverless:index:AssetVersion");
    expect(nameOfUrn(urn)).toBe("site/a::b.txt");
  });
});
