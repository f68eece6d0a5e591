package model

import "github.com/demarc-dev/demarc/diag"

// Element is implemented by the kinds of model elements that a baseline may
// define and a model file may override by id. Ident returns the id, where
// it is written, and the field recording which baseline (if any) defined
// the element.
type Element interface {
	Ident() (id string, at diag.Range, builtin *string)
}

func (e *Party) Ident() (string, diag.Range, *string)        { return e.ID, e.IDPos, &e.Builtin }
func (e *Layer) Ident() (string, diag.Range, *string)        { return e.ID, e.IDPos, &e.Builtin }
func (e *ServiceModel) Ident() (string, diag.Range, *string) { return e.ID, e.IDPos, &e.Builtin }
func (e *Provider) Ident() (string, diag.Range, *string)     { return e.ID, e.IDPos, &e.Builtin }
func (e *Service) Ident() (string, diag.Range, *string)      { return e.ID, e.IDPos, &e.Builtin }
func (e *LandingZone) Ident() (string, diag.Range, *string)  { return e.ID, e.IDPos, &e.Builtin }
func (e *Activity) Ident() (string, diag.Range, *string)     { return e.ID, e.IDPos, &e.Builtin }
