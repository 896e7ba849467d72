/**
 * Promotion: a tested build, live in an environment of its own. A site's stack (`AssetFolder`,
 * `ServerlessProject`) exports its `release`; a stack of production's reads it through a
 * StackReference and promotes it:
 *
 *   const dev = new pulumi.StackReference("acme/site/dev");
 *   const production = new Promotion("production", {
 *     release: dev.requireOutput("release"),
 *     environment: { uniqueName: "production", domainSuffix: "prod" },
 *   });
 *
 * That is one Deployment of the release's build (the toolkit's `serverless:promote`), in an
 * Environment the component makes in the release's service (or one passed in): nothing is
 * uploaded or built again, and the environment's Variables stay as they are (declare them on it
 * as usual). The Deployment carries the release, so `pulumi preview` says where the build comes
 * from and the review lists the files that differ from the build served before.
 *
 * Lifetimes: this stack owns the environment and its deployment; the site's stack owns the build.
 * When the site moves on to a new build, its update leaves a build this environment serves live
 * (no stack takes down an environment it does not manage), and its BuildCleanup deletes it once
 * no environment serves it.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AssetFolderEnvironmentArgs } from "./assetFolder";
import { Deployment } from "../resources/deployment";
import type { Environment } from "../resources/environment";
import { siteEnvironment } from "./siteAssets";
import type { Release } from "../core/release";
import { PROMOTION_TOKEN } from "../core/kinds";
import type { Visibility } from "../core/limits";

export interface PromotionArgs {
  /** A site's `release`: from another stack (`StackReference.requireOutput("release")`) or this program. */
  release: pulumi.Input<Release>;
  /** Where it goes live: an `Environment` resource, or the arguments of one the component makes in the release's service. */
  environment: Environment | AssetFolderEnvironmentArgs;
}

/** A promoted file: its URL in the environment, and who may fetch it. */
export interface PromotedFile {
  /** The file's URL: `https://{domain}{path}`. */
  url: string;
  /** Who may fetch it: `public` (anyone), `protected` (requests with a valid X-Twilio-Signature) or `private` (never served, only packaged with the build). */
  visibility: Visibility;
}

/**
 * Promotes a tested build: one Deployment of a site's `release` (its build, made and tested in
 * another stack) to an Environment of its own, with nothing uploaded or built again. Its preview
 * says where the build comes from and which files differ from what the environment served.
 */
export class Promotion extends pulumi.ComponentResource {
  static readonly __pulumiType = PROMOTION_TOKEN;

  /** The Environment the release goes live in. */
  readonly environment: Environment;
  /** The Deployment of the release's build to the environment. */
  readonly deployment: Deployment;
  /** The build now live: the release's. */
  readonly buildSid: pulumi.Output<string>;
  /** The environment's URL, `https://{domain}`. */
  readonly url: pulumi.Output<string>;
  /** The environment's domain, `{domainBase}[-{domainSuffix}].twil.io`. */
  readonly domainName: pulumi.Output<string>;
  /** Served path → URL and visibility, for the release's files and Functions (private ones listed, never served). */
  readonly files: pulumi.Output<Record<string, PromotedFile>>;

  constructor(name: string, args: PromotionArgs, opts?: pulumi.ComponentResourceOptions) {
    super(PROMOTION_TOKEN, name, {}, opts);
    const child = { parent: this };
    const release = pulumi.output(args.release);
    this.environment = siteEnvironment(args.environment, name, release.serviceSid, this);
    // The environment's service: the Deployment's check then refuses a release of another one.
    this.deployment = new Deployment(
      name,
      { serviceSid: this.environment.serviceSid, environmentSid: this.environment.sid, buildSid: release.buildSid, release: args.release },
      child,
    );
    this.buildSid = this.deployment.buildSid;
    this.url = this.environment.url;
    this.domainName = this.environment.domainName;
    this.files = pulumi.all([this.environment.url, release, this.deployment.sid]).apply(([url, r]) =>
      Object.fromEntries(
        Object.entries({ ...r.files, ...r.functions }).map(([path, entry]) => [path, { url: url + path, visibility: entry.visibility }]),
      ),
    );
    this.registerOutputs({ url: this.url, domainName: this.domainName, buildSid: this.buildSid, files: this.files });
  }
}
