/** SQL text of a literal string or a quoted identifier, for the few statements written in TypeScript. */
export const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`
export const sqlIdent = (s: string): string => `"${s.replaceAll('"', '""')}"`
