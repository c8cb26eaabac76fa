// The two Node globals the official README's examples use, declared so the examples compile
// without @types/node (which the empty test project does not install).
declare const process: { env: Record<string, string | undefined>; stdout: { write(text: string): boolean } };
