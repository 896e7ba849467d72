/** Assets: `/v1/Services/{ServiceSid}/Assets` (shared shape: `containers.ts`). */
import { containerApi } from "./containers";

export const assetsApi = containerApi("Assets");
