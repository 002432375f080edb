// Positions in manifest text. line and column are 0-based (VS Code uses them as they are; the CLI
// prints them +1); offset is the UTF-16 index into the text.
export type Position = { line: number; column: number; offset: number };
export type Range = { start: Position; end: Position };
