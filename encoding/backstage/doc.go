// Package backstage writes a checked, resolved model as entities of a
// Backstage software catalog (catalog-info.yaml descriptors): a Group per
// internal party with its parent, children, members and e-mail, a User per
// member given as an e-mail address, a System per landing zone owned by
// the party that runs it, a Resource per service a landing zone offers and
// one per tenant, owned by its owning party.
//
// Backstage gives an entity exactly one owner. The rest of the RACI has no
// field there, so it travels as annotations under demarc.dev/: per role the
// parties holding it on any of the entity's duties, and the duties
// themselves as JSON (see docs/exports.md), with links back to the demarc
// site. The package reads the values of package view, never the model
// directly, and writes entities in a stable order.
package backstage
