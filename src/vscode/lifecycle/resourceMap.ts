// A map keyed by URI (as markdown-language-features' util/resourceMap.ts): two Uri objects for
// the same resource are one key, so no caller has to remember to call toString().
import type * as vscode from 'vscode';

export class ResourceMap<T> {
  private readonly map = new Map<string, { uri: vscode.Uri; value: T }>();

  get size(): number {
    return this.map.size;
  }

  get(uri: vscode.Uri): T | undefined {
    return this.map.get(uri.toString())?.value;
  }

  has(uri: vscode.Uri): boolean {
    return this.map.has(uri.toString());
  }

  set(uri: vscode.Uri, value: T): this {
    this.map.set(uri.toString(), { uri, value });
    return this;
  }

  delete(uri: vscode.Uri): boolean {
    return this.map.delete(uri.toString());
  }

  clear(): void {
    this.map.clear();
  }

  *entries(): IterableIterator<[vscode.Uri, T]> {
    for (const { uri, value } of this.map.values()) yield [uri, value];
  }

  *values(): IterableIterator<T> {
    for (const { value } of this.map.values()) yield value;
  }
}
