/**
 * The benchmark's floor: a Pulumi program that declares nothing. It loads the SDK, as every
 * program does (`import * as pulumi from "@pulumi/pulumi"` in Pulumi's own template is elided when
 * unused, so it is imported for its effect here), and is run exactly as bench/program is: by
 * ts-node with Pulumi's template tsconfig.json, with the same CLI, backend, stack config and
 * settings. bench/README.md, "The floor".
 */
import "@pulumi/pulumi";
