/** Function: the handler shared with Asset (`container.ts`); the resource class is in `../function.ts`. */
import { functionsApi } from "../client/functions";
import { functionVersionsApi } from "../client/functionVersions";
import { containerHandler } from "./container";

export const functionHandler = containerHandler("Function", functionsApi, functionVersionsApi);
