/**
 * The model stages that run between ingest and publish, in order, and the tables they publish.
 * A stage reads only the layers before it (staging → identity → journeys → attribution/kpis/reputation).
 */
import type { TableOutput } from "../src/publish/publish.ts"
import type { OutputWindow } from "./outputs.ts"
import type { ModelStage } from "./stage.ts"

export const modelStages: ReadonlyArray<ModelStage> = []

export const modelOutputs = (_w: OutputWindow): ReadonlyArray<TableOutput> => []
