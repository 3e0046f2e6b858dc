/**
 * Worker-thread entry of the chain fit (see fitInWorker in chain-models.ts): receives the
 * inputs as the warehouse gave them, the settings and its share of the work as workerData,
 * computes it here, off the main thread, and posts it back: the bootstrap resamples of its
 * range and, for one of the threads, the fit on the paths as observed.
 */
import { parentPort, workerData } from "node:worker_threads"
import { chainModels, pointFit, resampleChains, type ChainInputs, type ChainSettings } from "./chain-fit.ts"
import type { FitShare, FitTask } from "./chain-fit-task.ts"

interface FitRequest {
  readonly inputs: ChainInputs
  readonly settings: ChainSettings
  readonly task: FitTask
}

const { inputs, settings, task } = workerData as FitRequest
// the chains are compiled once for both parts of a thread's share
const models = chainModels(inputs.paths, settings)
const share: FitShare = {
  point: task.point ? pointFit(inputs.paths, settings, models) : null,
  resampled: task.to > task.from ? resampleChains(inputs.paths, inputs.units, settings, task.from, task.to, models) : null
}
parentPort?.postMessage(share)
