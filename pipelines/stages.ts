/**
 * The model stages that run between ingest and publish, in order, and the tables they publish.
 * A stage reads only the layers before it (staging → identity → journeys → attribution/kpis/reputation).
 */
import { kpiOutputs } from "../src/kpis/kpi-outputs.ts"
import { kpisStage } from "../src/kpis/kpis-stage.ts"
import type { TableOutput } from "../src/publish/publish.ts"
import { reputationOutputs, reputationStage } from "../src/reputation/reputation-stage.ts"
import type { OutputWindow } from "./outputs.ts"
import type { ModelStage } from "./stage.ts"

export const modelStages: ReadonlyArray<ModelStage> = [kpisStage, reputationStage]

export const modelOutputs = (w: OutputWindow): ReadonlyArray<TableOutput> => [...kpiOutputs(w), ...reputationOutputs(w)]
