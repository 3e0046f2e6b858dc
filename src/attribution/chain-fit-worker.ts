/**
 * Worker-thread entry of the chain fit (see fitInWorker in chain-models.ts): receives the
 * inputs as the warehouse gave them and the settings as workerData, fits them here, off the
 * main thread, and posts the fit back.
 */
import { parentPort, workerData } from "node:worker_threads"
import { fitChains, type ChainInputs, type ChainSettings } from "./chain-fit.ts"

interface FitRequest {
  readonly inputs: ChainInputs
  readonly settings: ChainSettings
}

const request = workerData as FitRequest
parentPort?.postMessage(fitChains(request.inputs.paths, request.inputs.units, request.settings))
