/**
 * Function Versions: `…/Functions/{FunctionSid}/Versions` (shared shape: `versions.ts`), plus
 * `…/Versions/{Sid}/Content`, which returns the uploaded source.
 */
import type { TwilioClient } from "./client";
import { versionApi } from "./versions";

export const functionVersionsApi = versionApi("Functions", "function_sid");

export async function fetchFunctionVersionContent(
  client: TwilioClient,
  serviceSid: string,
  functionSid: string,
  sid: string,
): Promise<string> {
  const path = `/v1/Services/${encodeURIComponent(serviceSid)}/Functions/${encodeURIComponent(functionSid)}/Versions/${encodeURIComponent(sid)}/Content`;
  const body = await client.request<{ content: string }>({ method: "GET", path });
  return body.content;
}
