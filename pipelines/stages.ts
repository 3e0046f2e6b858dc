/**
 * The model stages that run between ingest and publish, in order, and the tables they publish.
 * A stage reads only the layers before it: staging → identity → journeys → attribution; KPIs
 * and reputation read staging (and journeys' orders) only; CX drivers read the KPI timelines and,
 * once the journeys stage is done, identity and journeys.
 */
import { attributionOutputs, attributionStage } from "../src/attribution/attribution-stage.ts"
import { identityStage } from "../src/identity/identity-stage.ts"
import { journeyOutputs } from "../src/journeys/journey-outputs.ts"
import { journeysStage } from "../src/journeys/journeys-stage.ts"
import { kpiOutputs } from "../src/kpis/kpi-outputs.ts"
import { kpisStage } from "../src/kpis/kpis-stage.ts"
import type { TableOutput } from "../src/publish/publish.ts"
import type { OutputWindow } from "../src/publish/window.ts"
import { reputationOutputs, reputationStage } from "../src/reputation/reputation-stage.ts"
import type { ModelStage } from "../src/run/stage.ts"
import { cxOutputs } from "../src/cx/cx-outputs.ts"
import { cxStage } from "../src/cx/cx-stage.ts"

/**
 * The model stages as chains that run at the same time, each on its own connection to the
 * warehouse: identity, journeys and attribution build on one another; the KPI and reputation
 * stages read only the staging tables and their own tables. Many statements of a nightly run
 * work on slices too small for DuckDB to spread over its threads, so the second chain uses
 * what the first leaves idle. The run reports the stages in this order.
 */
export const modelStageChains: ReadonlyArray<ReadonlyArray<ModelStage>> = [
  [identityStage, journeysStage, attributionStage],
  [kpisStage, reputationStage, cxStage]
]

export const modelOutputs = (w: OutputWindow): ReadonlyArray<TableOutput> => [
  ...journeyOutputs(w),
  ...attributionOutputs(w),
  ...kpiOutputs(w),
  ...reputationOutputs(w),
  ...cxOutputs(w)
]
