/**
 * `--help` as a person reads it: @effect/cli's help text made short. Each option on one line with
 * its own description (not the generic "A user-defined piece of text." and "This setting is
 * optional." of every flag), the library's own flags (--completions, --log-level, --wizard) left
 * out, each command on one line, the exit codes at the end, and no colour codes when the output
 * is not a terminal or NO_COLOR is set.
 */

const filler = new Set([
  "A user-defined piece of text.",
  "A true or false value.",
  "An integer.",
  "A floating point number.",
  "This setting is optional.",
  "A user-defined piece of text. This setting is optional."
])

const libraryFlags = ["--completions", "--log-level", "--wizard"]

const ansi = /\u001b\[[0-9;]*m/g

/** Text without ANSI colour codes. */
export const stripAnsi = (text: string): string => text.replace(ansi, "")

const exitCodesText = [
  "EXIT CODES",
  "  0     success",
  "  1     the run failed (nothing new published), status or validate found problems, or another process held the warehouse too long",
  "  2     bad usage or configuration",
  "  3     the run stopped at the quarantine limit",
  "  70    internal error (a bug: please report it)",
  "  130   interrupted (SIGINT/SIGTERM)"
].join("\n")

export const compactHelp = (text: string, color: boolean): string => {
  const lines = stripAnsi(text).split("\n")
  const out: Array<string> = []
  let section = ""
  let option: { name: string; words: Array<string> } | null = null
  const flush = () => {
    if (option !== null && !libraryFlags.some((f) => option?.name.startsWith(f))) {
      out.push(`  ${option.name.padEnd(30)} ${option.words.join(" ")}`.trimEnd())
    }
    option = null
  }
  for (const raw of lines) {
    const line = raw.trimEnd()
    if (/^[A-Z][A-Z ]+$/.test(line)) {
      flush()
      section = line
      out.push("", line)
      continue
    }
    if (line.trim() === "" || filler.has(line.trim())) continue
    if (section === "OPTIONS" && line.startsWith("--")) {
      flush()
      option = { name: line, words: [] }
      continue
    }
    if (section === "OPTIONS" && option !== null) {
      option.words.push(line.trim())
      continue
    }
    if (section === "COMMANDS") {
      // "  - run [--config text] …   description": the name and the description
      const m = /^\s*- (\S+).*?\s{2,}(\S.*)$/.exec(line)
      if (m !== null) out.push(`  ${(m[1] ?? "").padEnd(12)} ${m[2] ?? ""}`)
      continue
    }
    if (section === "" && out.length > 0) continue
    out.push(line)
  }
  flush()
  out.push("", exitCodesText, "")
  const body = out.join("\n").replace(/^\n+/, "")
  return color ? body.replace(/^([A-Z][A-Z ]+)$/gm, "\u001b[1m$1\u001b[0m") : body
}
