export declare const GENERATION_KEYS: readonly string[];
export declare function generationChanges(n: number): Record<string, string>;
export declare function renderGeneration(n: number): string;
