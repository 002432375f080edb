// Placeholder until the owning issue lands; replaced wholesale by the real command.
export async function run(_argv: string[]): Promise<number> {
  throw new Error('podpatch check: not built yet');
}
