/**
 * The contract's exit codes, decided in one place: 0 success; 1 the run failed (nothing new
 * published); 2 bad usage or configuration; 3 stopped by the quarantine limit.
 */
export const exitCodeFor = (tag: string): number => {
  switch (tag) {
    case "ConfigInvalid":
    case "UsageInvalid":
    case "ValidationError":
      return 2
    case "QuarantineLimitExceeded":
      return 3
    default:
      return 1
  }
}
