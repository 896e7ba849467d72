/** Functions: `/v1/Services/{ServiceSid}/Functions` (shared shape: `containers.ts`). */
import { containerApi } from "./containers";

export const functionsApi = containerApi("Functions");
