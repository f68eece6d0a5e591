// Package resolve answers "who does this?" for every cell of a model: one
// activity for one service in one landing zone, optionally for one tenant.
//
// It applies the provider border first (provider-side cells belong to the
// provider's party without a rule), then picks the most specific matching
// rule. Specificity is a partial order: rule A is more specific than rule B
// when A selects a subset of B's activities and constrains at least every
// scope field B constrains, to the same value, once scopes are closed over
// the model's structure (a service implies its provider and service model, a
// tenant its landing zone and provider). Incomparable most-specific rules
// that disagree are a conflict, never a silent pick.
//
// Rules are compiled into integer form and indexed by activity, so a cell
// costs a scan of the few rules that can apply to it, not of all rules.
package resolve
