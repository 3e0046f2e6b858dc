// Types of build-stamp.mjs (plain JavaScript, as it runs before anything can load TypeScript).
export declare const treeDigest: (root: string, dirs: ReadonlyArray<string>, files?: ReadonlyArray<string>) => string
export declare const buildStamp: (root: string) => string
export declare const stampFile: (root: string) => string
