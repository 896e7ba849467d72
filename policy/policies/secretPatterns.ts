/**
 * What makes a file look like a secret: its name (.env, key stores, credential files) or the start
 * of its text (a PEM private key, a well-known token format, a `SECRET_NAME=value` line). Each
 * finding is a short phrase for the violation message ("a .env file").
 */
import { binaryKind } from "./content";

const KEY_EXTENSIONS = [".pem", ".key", ".p12", ".pfx", ".jks", ".keystore", ".ppk"];
const CREDENTIAL_FILES = [".npmrc", ".netrc", ".pypirc", ".git-credentials", ".htpasswd", ".pgpass", ".dockercfg"];
/** Templates of .env files, which hold names without values. */
const ENV_TEMPLATE = /\.(example|sample|template|dist|defaults)$/;

const BY_NAME: { reason: string | ((base: string) => string); test: (base: string, segments: string[]) => boolean }[] = [
  { reason: "a .env file", test: (base) => /^\.env(\..+)?$/.test(base) && !ENV_TEMPLATE.test(base) },
  {
    reason: (base) => `a key file (${KEY_EXTENSIONS.find((ext) => base.endsWith(ext))})`,
    test: (base) => KEY_EXTENSIONS.some((ext) => base.endsWith(ext)),
  },
  { reason: "an SSH private key file", test: (base) => /^id_(rsa|dsa|ecdsa|ed25519)$/.test(base) },
  { reason: (base) => `a ${base} file`, test: (base) => CREDENTIAL_FILES.includes(base) },
  {
    reason: "a credentials file",
    test: (base) => base === "credentials.json" || /^(client_secret|service[-_]?account).*\.json$/.test(base),
  },
  { reason: "a file from a .ssh or .aws folder", test: (_, segments) => segments.includes(".ssh") || segments.includes(".aws") },
];

const BY_CONTENT: { reason: string | ((match: RegExpExecArray) => string); pattern: RegExp }[] = [
  { reason: "a PEM private key", pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/ },
  { reason: "an AWS access key ID", pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { reason: "a GitHub token", pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { reason: "a Slack token", pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
  { reason: "a Stripe secret key", pattern: /\bsk_live_[0-9a-zA-Z]{16,}/ },
  {
    reason: (match) => `a value for ${match[1]}`,
    pattern: /^[ \t]*(?:export[ \t]+)?([A-Z][A-Z0-9_]*(?:SECRET|TOKEN|PASSWORD|PASSWD|API_KEY|PRIVATE_KEY)[A-Z0-9_]*)[ \t]*=[ \t]*['"]?[^\s'"#]{8,}/m,
  },
];

/** Why a file with this path and content head looks like a secret, or undefined when it does not. */
export function secretReason(path: string, head: Buffer | undefined): string | undefined {
  const segments = path.toLowerCase().split("/").filter(Boolean);
  const base = segments[segments.length - 1] ?? "";
  for (const { reason, test } of BY_NAME) {
    if (test(base, segments)) return typeof reason === "string" ? reason : reason(base);
  }
  if (!head || binaryKind(head)) return undefined;
  const text = head.toString("utf8");
  for (const { reason, pattern } of BY_CONTENT) {
    const match = pattern.exec(text);
    if (match) return typeof reason === "string" ? reason : reason(match);
  }
  return undefined;
}
