/**
 * Digests of the program's own files, so derived data can tell which version of the code built
 * it: the build digest (src/run/refresh.ts) and the sentiment scorer's version
 * (src/reputation/score-texts.ts). The same file-tree digest as the build's stamp.
 */
import { treeDigest } from "./build-stamp.mjs"
import { projectRoot } from "./project-root.ts"

/** SHA-256 over every file under the given folders (relative to the project root): path and content. */
export const sourceDigest = (dirs: ReadonlyArray<string>): string => treeDigest(projectRoot, dirs)
