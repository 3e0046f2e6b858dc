/**
 * Worker-thread entry of the chain fit (see fitInWorker in chain-models.ts): receives the
 * distinct paths, the bootstrap units and the settings as workerData and posts the fit back.
 */
import { parentPort, workerData } from "node:worker_threads"
import { fitChains, type ChainSettings } from "./chain-fit.ts"
import type { ResamplingUnits } from "./bootstrap.ts"
import type { ChainPath } from "./transition-graph.ts"

interface FitRequest {
  readonly paths: ReadonlyArray<ChainPath>
  readonly units: ResamplingUnits
  readonly settings: ChainSettings
}

const request = workerData as FitRequest
parentPort?.postMessage(fitChains(request.paths, request.units, request.settings))
