// Finds code in the repository's tests, benches and scripts that would read a path outside the
// repository (like `path.resolve(root, '..', <the reference folder>, ...)`): a clone with nothing beside it must
// run them all. Static, on the TypeScript AST: every path.resolve/join/new URL whose base is known
// (the repository root, __dirname, import.meta.url, process.cwd()) is followed segment by segment,
// and leaving the root is a finding; string literals naming the reference folder are findings too.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export type OutsideRead = { file: string; line: number; text: string; why: string };

/** Folders the check covers, relative to the repository root. */
export const checkedFolders = ['test', 'bench', 'scripts', '.ci'];

const CODE = /\.(ts|js|mjs|cjs)$/;
// Anywhere in a string: the sibling reference folder or the machine's work folder.
const FORBIDDEN_TEXT = [
  { re: /(^|[\\/])\.\.[\\/]+shared([\\/]|$)/, why: 'names ../shared' },
  { re: /^\/work\//, why: 'absolute path under /work' },
];

/** Code and shell files under the checked folders, skipping test data (fixtures). */
export function checkedFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(root, dir))) {
      const rel = path.join(dir, entry);
      if (entry === 'node_modules' || entry === 'fixtures') continue;
      if (statSync(path.join(root, rel)).isDirectory()) walk(rel);
      else if (CODE.test(entry) || isShell(path.join(root, rel))) out.push(rel);
    }
  };
  for (const folder of checkedFolders) {
    try { walk(folder); } catch (e) { if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e; }
  }
  return out.sort();
}

function isShell(file: string): boolean {
  if (file.endsWith('.sh')) return true;
  if (path.extname(file)) return false;
  return readFileSync(file, 'utf8').startsWith('#!');
}

/**
 * How many folders below the repository root a file runs from: TypeScript under test/ and bench/
 * runs compiled from out/<same path>, JavaScript and shell where they are.
 */
export function runDepth(relFile: string): number {
  const parts = path.dirname(relFile).split(/[\\/]/).filter((p) => p && p !== '.');
  return relFile.endsWith('.ts') ? parts.length + 1 : parts.length;
}

export function findOutsideReads(root: string): OutsideRead[] {
  return checkedFiles(root).flatMap((rel) => scanSource(rel, readFileSync(path.join(root, rel), 'utf8')));
}

/** Scans one file's text, `relFile` being its path in the repository (which sets its run depth). */
export function scanSource(relFile: string, text: string): OutsideRead[] {
  return CODE.test(relFile) ? scanCode(relFile, text) : scanShell(relFile, text);
}

function scanShell(relFile: string, text: string): OutsideRead[] {
  const found: OutsideRead[] = [];
  const depth = runDepth(relFile);
  text.split('\n').forEach((line, i) => {
    const code = line.replace(/(^|\s)#.*$/, '');
    const up = /dirname "?\$0"?\)((?:\/\.\.)+)/.exec(code);
    let why: string | undefined;
    if (up && up[1].length / 3 > depth) why = `goes ${up[1].length / 3} folders up from a script ${depth} below the root`;
    for (const word of code.split(/[\s"'=:]+/)) for (const f of FORBIDDEN_TEXT) if (f.re.test(word)) why ??= f.why;
    if (why) found.push({ file: relFile, line: i + 1, text: line.trim(), why });
  });
  return found;
}

type Depth = number | undefined;

function scanCode(relFile: string, text: string): OutsideRead[] {
  const kind = relFile.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const source = ts.createSourceFile(relFile, text, ts.ScriptTarget.ES2022, true, kind);
  const fileDir = runDepth(relFile);
  const vars = new Map<string, number>([['projectRoot', 0]]);
  const found: OutsideRead[] = [];
  const report = (node: ts.Node, why: string): void => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push({ file: relFile, line: line + 1, text: node.getText(source).split('\n')[0].slice(0, 160), why });
  };

  /** Follows literal path segments from `start`; reports the first step above the root. */
  const walkSegments = (call: ts.Node, start: number, literals: string[]): number => {
    let depth = start;
    for (const segment of literals.flatMap((l) => l.split(/[\\/]/))) {
      if (segment === '' || segment === '.') continue;
      depth += segment === '..' ? -1 : 1;
      if (depth < 0) { report(call, 'goes above the repository root'); return Number.NaN; }
    }
    return depth;
  };

  const depthOf = (node: ts.Expression): Depth => {
    if (ts.isParenthesizedExpression(node)) return depthOf(node.expression);
    if (ts.isIdentifier(node)) {
      if (node.text === '__dirname') return fileDir;
      if (node.text === '__filename') return fileDir + 1;
      return vars.get(node.text);
    }
    if (ts.isPropertyAccessExpression(node) && node.getText(source) === 'import.meta.dirname') return fileDir;
    if (ts.isCallExpression(node)) {
      const callee = calleeName(node);
      const args = node.arguments;
      if (callee === 'cwd' && node.expression.getText(source) === 'process.cwd') return 0;
      if (callee === 'fileURLToPath' && args[0]?.getText(source) === 'import.meta.url') return fileDir + 1;
      if (callee === 'dirname' && args.length === 1) {
        const d = depthOf(args[0]);
        return d === undefined ? undefined : d - 1;
      }
      if ((callee === 'resolve' || callee === 'join') && isPathCall(node)) return pathCallDepth(node);
    }
    return undefined;
  };

  const pathCallDepth = (call: ts.CallExpression): Depth => {
    const args = [...call.arguments];
    let start: Depth;
    if (args.length && isStringLike(args[0])) {
      // A relative first segment is relative to the working directory: the root for npm scripts.
      if (path.isAbsolute(literalText(args[0]))) return undefined;
      start = 0;
    } else {
      start = args.length ? depthOf(args.shift() as ts.Expression) : 0;
    }
    if (start === undefined || Number.isNaN(start)) return undefined;
    const literals: string[] = [];
    for (const a of args) {
      if (!isStringLike(a)) {
        walkSegments(call, start, literals);
        return undefined;
      }
      literals.push(literalText(a));
    }
    const d = walkSegments(call, start, literals);
    return Number.isNaN(d) ? undefined : d;
  };

  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && isPathCall(node)) {
      pathCallDepth(node);
    } else if (ts.isNewExpression(node) && node.expression.getText(source) === 'URL' && node.arguments?.length === 2
      && isStringLike(node.arguments[0]) && node.arguments[1].getText(source) === 'import.meta.url') {
      walkSegments(node, fileDir, [literalText(node.arguments[0])]);
    } else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      const d = depthOf(node.initializer);
      if (d !== undefined && !Number.isNaN(d)) vars.set(node.name.text, d);
      // Still visit the initializer below (its path call reports an escape).
    }
    if (isStringLike(node) && !isModuleSpecifier(node)) {
      const value = literalText(node);
      for (const f of FORBIDDEN_TEXT) if (f.re.test(value)) report(node, f.why);
    }
    ts.forEachChild(node, visit);
  };
  // Variables are visited in source order, which is the order a module defines them in.
  ts.forEachChild(source, visit);
  // A path call nested in a declaration is visited twice (as initializer and as call): report once.
  const seen = new Set<string>();
  return found.filter((f) => { const k = `${f.line}:${f.why}:${f.text}`; return seen.has(k) ? false : (seen.add(k), true); });
}

function calleeName(call: ts.CallExpression): string | undefined {
  const e = call.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return undefined;
}

/** `path.resolve(...)`, `path.join(...)`, `resolve(...)` / `join(...)` imported from node:path. */
function isPathCall(call: ts.CallExpression): boolean {
  const e = call.expression;
  if (ts.isPropertyAccessExpression(e)) return /^(path|posix|win32)$/.test(e.expression.getText()) && /^(resolve|join)$/.test(e.name.text);
  return ts.isIdentifier(e) && /^(resolve|join)$/.test(e.text);
}

function isStringLike(node: ts.Node): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);
}

function literalText(node: ts.Node): string {
  return (node as ts.StringLiteral).text;
}

/** `import x from '../..'`, `import('../..')`, `require('../..')`: modules, resolved at build time or by Node. */
function isModuleSpecifier(node: ts.Node): boolean {
  const parent = node.parent;
  if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isExternalModuleReference(parent)) return true;
  if (ts.isCallExpression(parent)) {
    return parent.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(parent.expression) && parent.expression.text === 'require');
  }
  return ts.isLiteralTypeNode(parent) && ts.isImportTypeNode(parent.parent);
}
