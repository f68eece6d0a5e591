// Package synth writes synthetic enterprise models for benchmarks and tests.
//
// A synthetic model looks like a real one: a CIO office with the cloud
// foundation team and the central teams below it, business units with their
// application teams, three cloud providers with their services, landing
// zones for the usual use cases, governance and technical activities, the
// rules that split the work, and hundreds of thousands of tenants in CSV
// files. It is generated from a fixed seed with math/rand/v2, so one size
// always produces byte-identical files.
//
// Every generated model is valid: `demarc check` finds no error and no
// warning in it. The rules are built as a hierarchy that cannot conflict.
// Each activity is decided everywhere by one rule without a scope (or by one
// rule selecting its capability area). Overrides are scoped to a landing
// zone, to a landing zone and a service model, to a landing zone and a
// service, or to a tenant and a service; each level is strictly narrower
// than the levels above it on every cell it matches, and two rules of the
// same level for one activity never overlap. No rule is scoped to cells that
// are all on the provider side of the border, and activities whose layer is
// the provider's for every service (the physical layers) get no rule at all.
//
// The model uses its own providers and services, not the built-in provider
// baselines, so the element counts are exactly those of the Size. Service
// models and layers come from the core baseline that every model loads.
package synth
