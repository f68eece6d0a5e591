// Package model holds demarc's domain types: the shape of the YAML model files
// (one file per concept: party.go, service.go, landingzone.go, activity.go,
// rule.go, tenant.go) and the merged Model that later stages read.
//
// Every element keeps the source range it was loaded from so any stage can
// point a diagnostic at it. Field tags drive three things at once: the YAML
// key (`yaml`), the JSON Schema (`jsonschema`, including enum= and required),
// and the loader's strict decoding, which reads the same enum and required
// markers, so the schema and the checks cannot disagree.
package model
