/**
 * The table the identity stage publishes, as its model builds it (src/publish/mart-output.ts):
 * identity_map, whole (an identifier is not a dated fact). It is written as soon as the
 * identity stage has finished, beside the journeys stage, which only reads it.
 */
import { martOutput } from "../publish/mart-output.ts"
import type { TableOutput } from "../publish/publish.ts"
import type { OutputWindow } from "../publish/window.ts"

export const identityOutputs = (_w: OutputWindow): ReadonlyArray<TableOutput> => [martOutput("identity_map")]
