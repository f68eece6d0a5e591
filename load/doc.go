// Package load reads a model directory — YAML files, tenant CSV files and the
// built-in baselines they use — into one model.Model, collecting every
// problem as a diagnostic with its source range instead of stopping at the
// first. It owns the first two stages of the pipeline: reading (with limits
// against hostile input) and linking (ids, references, overrides).
//
// Decoding is strict: every key must be known, every value must have the
// right type and, for enumerations, an allowed value. The rules come from the
// model package's struct tags, the same tags the JSON Schema is built from.
package load
