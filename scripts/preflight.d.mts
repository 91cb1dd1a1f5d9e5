// Types for the tests that reuse the preflight helpers.
export declare const root: string
export declare function portOpen(port: number, host?: string, timeoutMs?: number): Promise<boolean>
