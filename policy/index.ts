/**
 * The pack's entry point (`pulumi preview --policy-pack node_modules/pulumi-twilio-serverless-policy`,
 * or `--policy-pack policy` in this repository, after `npm run build`). Constructing the PolicyPack starts
 * its gRPC server, so this file does nothing else; the rules live in ./policies.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("twilio-serverless", {
  description: "Rejects Twilio Serverless stacks that break Twilio's limits, at preview, before anything is uploaded.",
  policies,
});
