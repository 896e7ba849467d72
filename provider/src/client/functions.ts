/** Functions: `/v1/Services/{ServiceSid}/Functions` (shared shape: `containers.ts`). */
import { containerApi, type ContainerRecord } from "./containers";

export type FunctionRecord = ContainerRecord;

export const functionsApi = containerApi("Functions", "functions");
export const createFunction = functionsApi.create;
export const fetchFunction = functionsApi.fetch;
export const updateFunction = functionsApi.update;
export const deleteFunction = functionsApi.remove;
export const listFunctions = functionsApi.list;
