/**
 * The model stages that run between ingest and publish, in order, and the tables they publish.
 * A stage reads only the layers before it: staging → identity → journeys → attribution; KPIs
 * and reputation read staging (and journeys' orders) only; CX drivers read the KPI timelines and,
 * once the journeys stage is done, identity and journeys.
 */
import { attributionOutputs, attributionStage } from "../src/attribution/attribution-stage.ts"
import { identityOutputs } from "../src/identity/identity-outputs.ts"
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

/**
 * The tables the model stages publish, each with the stage that completes it: the run writes
 * them as soon as that stage has finished, beside the stages still running (a table a stage
 * leaves to its deferred work is written after that work). So no stage may change a table an
 * earlier stage publishes: its digest and its files are read in separate
 * statements while later stages run.
 */
export const stageOutputs: ReadonlyArray<{ readonly stage: string; readonly tables: (w: OutputWindow) => ReadonlyArray<TableOutput> }> = [
  { stage: identityStage.name, tables: identityOutputs },
  { stage: journeysStage.name, tables: journeyOutputs },
  { stage: attributionStage.name, tables: attributionOutputs },
  { stage: kpisStage.name, tables: kpiOutputs },
  { stage: reputationStage.name, tables: reputationOutputs },
  { stage: cxStage.name, tables: cxOutputs }
]
