export declare const wasmBase64: string;
