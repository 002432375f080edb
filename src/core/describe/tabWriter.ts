// Go's text/tabwriter as kubectl describe sets it up (tabbedString: minwidth 0, tabwidth 8,
// padding 2, padchar ' ', no flags), so podpatch's describe text lines up as kubectl's does.
// A cell is text ended by a tab; the last cell of a line is not part of any column. A column's
// width is that of its widest cell (plus padding) over the consecutive lines that have a cell in
// it: a line without a tab ends every column block, which is why each section aligns on its own.
// Ported from go/src/text/tabwriter/tabwriter.go (format, writeLines).

type Cell = { text: string; width: number };

export class TabWriter {
  private lines: Cell[][] = [[]];
  private cell = '';
  private out = '';

  constructor(private readonly padding = 2) {}

  write(text: string): void {
    for (const ch of text) {
      if (ch === '\t') this.endCell();
      else if (ch === '\n') {
        this.endCell();
        const ended = this.lines[this.lines.length - 1];
        this.lines.push([]);
        // A line with a single cell ends every open column block: the text so far can be laid out.
        if (ended.length === 1) this.flush();
      } else this.cell += ch;
    }
  }

  /** Lays out what is buffered (kubectl flushes before the Events table so it aligns by itself). */
  flush(): void {
    if (this.cell.length) this.endCell();
    const complete = this.lines.slice(0, -1);
    const open = this.lines[this.lines.length - 1];
    this.format(complete, 0, complete.length, []);
    this.lines = [[]];
    // An unterminated line is written as is (tabwriter writes it on Flush too).
    if (open.length) this.writeLine(open, []);
  }

  toString(): string {
    this.flush();
    return this.out;
  }

  private endCell(): void {
    this.lines[this.lines.length - 1].push({ text: this.cell, width: [...this.cell].length });
    this.cell = '';
  }

  private format(lines: Cell[][], line0: number, line1: number, widths: number[]): void {
    const column = widths.length;
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i].length - 1) continue;
      // A cell in this column: lay out the lines before it, then find the block's widest cell.
      for (let j = line0; j < i; j++) this.writeLine(lines[j], widths);
      line0 = i;
      let width = 0;
      for (; i < line1 && column < lines[i].length - 1; i++) width = Math.max(width, lines[i][column].width + this.padding);
      this.format(lines, line0, i, [...widths, width]);
      line0 = i;
      i--; // the loop's i++ must not skip the line that ended the block
    }
    for (let j = line0; j < line1; j++) this.writeLine(lines[j], widths);
  }

  private writeLine(line: Cell[], widths: number[]): void {
    let text = '';
    line.forEach((c, j) => {
      text += c.text;
      if (j < widths.length) text += ' '.repeat(Math.max(0, widths[j] - c.width));
    });
    this.out += text + '\n';
  }
}

/** Runs `body` against a fresh writer and returns the laid-out text. */
export function tabbedString(body: (w: TabWriter) => void): string {
  const w = new TabWriter();
  body(w);
  return w.toString();
}
