/** pulumi-twilio-serverless: Twilio Serverless as Pulumi resources. Re-exports only. */
export { Service, type ServiceArgs, type ServiceInputs, type ServiceOutputs } from "./service";
export { Environment, type EnvironmentArgs, type EnvironmentInputs, type EnvironmentOutputs } from "./environment";
export { Asset, type AssetArgs, type AssetInputs, type AssetOutputs } from "./asset";
export { AssetVersion, type AssetVersionArgs, type AssetVersionInputs, type AssetVersionOutputs } from "./assetVersion";
export { Build, type BuildArgs, type BuildInputs, type BuildOutputs } from "./build";
export { Deployment, type DeploymentArgs, type DeploymentInputs, type DeploymentOutputs } from "./deployment";
export { Function, type FunctionArgs, type FunctionInputs, type FunctionOutputs } from "./function";
export {
  FunctionVersion,
  type FunctionVersionArgs,
  type FunctionVersionInputs,
  type FunctionVersionOutputs,
} from "./functionVersion";
export {
  AssetBundle,
  type AssetBundleArgs,
  type AssetBundleEntry,
  type AssetBundleFile,
  type AssetBundleFileArgs,
  type AssetBundleInputs,
  type AssetBundleOutputs,
} from "./assetBundle";
export { AssetCleanup, type AssetCleanupArgs, type AssetCleanupInputs } from "./assetCleanup";
export { BuildCleanup, type BuildCleanupArgs, type BuildCleanupInputs, type BuildCleanupOutputs } from "./buildCleanup";
export { Variable, type VariableArgs, type VariableInputs, type VariableOutputs } from "./variable";
export { TwilioApiError, TwilioConnectionError } from "./client/errors";
export { DEFAULT_MAX_CONCURRENT_REQUESTS } from "./client/client";
export { TYPE_TOKENS, typeToken, type ResourceKind } from "./tokens";
export { AssetFolder, type AssetFolderArgs, type AssetFolderEnvironmentArgs, type ServedFile, type VersionRef, scanFolder, parseMarker, DEFAULT_EXCLUDES, type FolderFile, type FolderOptions, type RootPath } from "./assetFolder";
export * from "./limits";
export {
  ServerlessProject,
  type ServerlessProjectArgs,
  type ProjectEntry,
  type ProjectFile,
  type ReadProjectOptions,
  type ToolkitProject,
  readToolkitProject,
  toolkitPathOf,
} from "./serverlessProject";
export { Promotion, type PromotionArgs, type PromotedFile } from "./promotion";
export { type Release, type ReleaseEntry } from "./release";
