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
// Activities have a grain and an applicability in about the proportions of
// a maintained model: most happen per service, many of those for some
// services only (guest operating system patching for IaaS compute,
// backups for databases and storage), a quarter per tenant, a few per
// landing zone, per provider and for the organisation. Each activity
// template has its shape; qualified copies keep it. Size.Cells counts the
// cells this makes, as package resolve does.
//
// Every generated model is valid: `demarc check` finds no error and no
// warning in it. The rules are built as a hierarchy that cannot conflict.
// Each activity is decided everywhere by one rule without a scope (or by one
// rule selecting its capability area). Overrides are scoped only by
// dimensions the activity's grain has: to a landing zone (per service, per
// tenant and per landing zone), to a landing zone and a service model or a
// service (per service), to a provider (per provider), to a tenant and a
// service (per service) or to a tenant (per tenant). Each level is strictly
// narrower than the levels above it on every cell it matches, two rules of
// the same level for one activity never overlap, and every scoped rule
// keeps a cell it decides. No rule is scoped to cells that are all on the
// provider side of the border, activities whose layer is the provider's for
// every service they apply to (the physical layers) get no rule at all, and
// the tenant-owner placeholder is never responsible or accountable for a
// duty above the tenants.
//
// The model uses its own providers and services, not the built-in provider
// baselines, so the element counts are exactly those of the Size. Service
// models and layers come from the core baseline that every model loads.
package synth
