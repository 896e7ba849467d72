/** pulumi-twilio-serverless: Twilio Serverless as Pulumi resources. Re-exports only. */
export { Service, type ServiceArgs, type ServiceInputs, type ServiceOutputs } from "./resources/service";
export { Environment, type EnvironmentArgs, type EnvironmentInputs, type EnvironmentOutputs } from "./resources/environment";
export { Asset, type AssetArgs, type AssetInputs, type AssetOutputs } from "./resources/asset";
export { AssetVersion, type AssetVersionArgs, type AssetVersionInputs, type AssetVersionOutputs } from "./resources/assetVersion";
export { Build, type BuildArgs, type BuildInputs, type BuildOutputs } from "./resources/build";
export { Deployment, type DeploymentArgs, type DeploymentInputs, type DeploymentOutputs } from "./resources/deployment";
export { Function, type FunctionArgs, type FunctionInputs, type FunctionOutputs } from "./resources/function";
export {
  FunctionVersion,
  type FunctionVersionArgs,
  type FunctionVersionInputs,
  type FunctionVersionOutputs,
} from "./resources/functionVersion";
export {
  AssetBundle,
  type AssetBundleArgs,
  type AssetBundleEntry,
  type AssetBundleFile,
  type AssetBundleFileArgs,
  type AssetBundleInputs,
  type AssetBundleOutputs,
} from "./resources/assetBundle";
export { AssetCleanup, type AssetCleanupArgs, type AssetCleanupInputs } from "./resources/assetCleanup";
export { BuildCleanup, type BuildCleanupArgs, type BuildCleanupInputs, type BuildCleanupOutputs } from "./resources/buildCleanup";
export { Variable, type VariableArgs, type VariableInputs, type VariableOutputs } from "./resources/variable";
export { TwilioApiError, TwilioConnectionError } from "./core/client/errors";
export { DEFAULT_MAX_CONCURRENT_REQUESTS } from "./core/client/client";
export { TYPE_TOKENS, typeToken, type ResourceKind } from "./core/kinds";
export { AssetFolder, type AssetFolderArgs, type AssetFolderEnvironmentArgs, type ServedFile, type VersionRef, scanFolder, parseMarker, DEFAULT_EXCLUDES, type FolderFile, type FolderOptions, type RootPath } from "./components/assetFolder";
export * from "./core/limits";
export {
  ServerlessProject,
  type ServerlessProjectArgs,
  type ProjectEntry,
  type ProjectFile,
  type ReadProjectOptions,
  type ToolkitProject,
  readToolkitProject,
  toolkitPathOf,
} from "./components/serverlessProject";
export { Promotion, type PromotionArgs, type PromotedFile } from "./components/promotion";
export { type Release, type ReleaseEntry } from "./core/release";
