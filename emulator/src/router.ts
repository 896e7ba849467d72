/**
 * The API's method + path table: every route of every resource module, matched against the
 * request path. A path no route knows is Twilio's 404/20404; a known path with another method is
 * 405 (with Allow).
 */
import type { Route } from "./context";
import { routes as services } from "./resources/services";
import { routes as environments } from "./resources/environments";
import { routes as variables } from "./resources/variables";
import { routes as deployments } from "./resources/deployments";
import { routes as logs } from "./resources/logs";
import { routes as containers } from "./resources/containers";
import { routes as versions } from "./resources/versions";
import { routes as builds } from "./resources/builds";

export const ROUTES: readonly Route[] = [
  ...services,
  ...environments,
  ...variables,
  ...deployments,
  ...logs,
  ...containers,
  ...versions,
  ...builds,
];

interface Compiled {
  route: Route;
  regex: RegExp;
  names: string[];
}

function compile(route: Route): Compiled {
  const names: string[] = [];
  const source = route.template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)\}/g, (_m, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  return { route, regex: new RegExp(`^${source}$`), names };
}

const COMPILED = ROUTES.map(compile);

export type Match =
  | { kind: "route"; route: Route; params: Record<string, string> }
  | { kind: "method"; allowed: string[] }
  | { kind: "none" };

export function match(method: string, pathname: string): Match {
  const allowed: string[] = [];
  for (const c of COMPILED) {
    const m = c.regex.exec(pathname);
    if (!m) continue;
    if (c.route.method !== method) {
      allowed.push(c.route.method);
      continue;
    }
    const params: Record<string, string> = {};
    try {
      c.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1])));
    } catch {
      return { kind: "none" };
    }
    return { kind: "route", route: c.route, params };
  }
  return allowed.length > 0 ? { kind: "method", allowed: [...new Set(allowed)] } : { kind: "none" };
}
