// Package diff compares two resolved models, the base and the head of a
// change, and says what the change means for the people it binds: per
// party the duties gained and lost and the roles changed, the duties whose
// accountable party changed, the rules added, removed and changed, the gaps,
// conflicts and other diagnostics introduced or fixed, and the decisions
// whose acknowledgements the change makes stale.
//
// It is a stage after resolve and check: it reads the resolvers and check
// results of both models, never their files, so moving a rule to another
// file, reordering or reformatting is no change. Every list is sorted by
// stable keys.
package diff
