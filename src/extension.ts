// Placeholder until the extension issue lands; replaced wholesale.
export function activate(): void {}
export function deactivate(): void {}
