// Package check finds everything wrong with a loaded model: the
// responsibility semantics (gaps, conflicts, accountability, the provider
// border), the org structure (cycles, contacts), the decision hygiene
// (rationale, approvals, review dates), orphaned tenants and unused
// elements. It resolves every cell through package resolve and turns what it
// finds into diagnostics; severities can be changed per code by the project
// configuration.
package check
