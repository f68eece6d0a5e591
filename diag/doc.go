// Package diag defines diagnostics: the values every stage of demarc reports
// problems with. A diagnostic carries a stable code, a severity, a one-line
// summary, an optional detail, the source range it is about and related
// ranges (for example both rules of a conflict). All outputs — the terminal,
// JSON, SARIF and the API — are rendered from the one JSON shape defined here,
// so they cannot drift apart.
package diag
