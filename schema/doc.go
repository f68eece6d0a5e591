// Package schema generates the JSON Schema of demarc's model files from the
// Go types in package model, so editors (through yaml-language-server) check
// the same shape the loader accepts. A test keeps the committed copy,
// schema/model.schema.json, in sync with the types.
package schema
