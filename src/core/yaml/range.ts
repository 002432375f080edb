// Positions in manifest text. line and column are 0-based (VS Code uses them as they are; the CLI
// prints them +1); offset is the UTF-16 index into the text.
export type Position = { line: number; column: number; offset: number };
export type Range = { start: Position; end: Position };

export const ZERO_RANGE: Range = { start: { line: 0, column: 0, offset: 0 }, end: { line: 0, column: 0, offset: 0 } };
