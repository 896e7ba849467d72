/** dotenv 6 ships no types; the one function the component uses (the toolkit's own parser). */
declare module "dotenv" {
  export function parse(src: string | Buffer): Record<string, string>;
}
