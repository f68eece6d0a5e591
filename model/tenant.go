package model

import (
	"encoding/json"
	"iter"
	"slices"
	"strings"

	"github.com/demarc-dev/demarc/diag"
)

// Tenant is a real cloud account, subscription or project.
//
// A model may hold a million tenants, so a tenant is kept compact (208
// bytes besides its text): its file name once, its source ranges as Spans,
// its references as TenantRefs. Pos, IDPos and RefPos give the ranges as
// diag.Range for diagnostics.
type Tenant struct {
	ID          string    `yaml:"id" json:"id" jsonschema:"required" jsonschema_description:"The provider's account / subscription / project id."`
	Name        string    `yaml:"name,omitempty" json:"name,omitempty"`
	Provider    TenantRef `yaml:"provider" json:"provider" jsonschema:"required"`
	LandingZone TenantRef `yaml:"landing_zone" json:"landing_zone" jsonschema_description:"Required."`
	Owner       TenantRef `yaml:"owner" json:"owner" jsonschema_description:"Required. The application party that owns the tenant."`
	Tags        Tags      `yaml:"tags,omitempty" json:"tags,omitempty"`

	// File is the file the tenant is written in; IDAt and the references'
	// spans are ranges in it.
	File string `yaml:"-" json:"-" pos:"file"`
	IDAt Span   `yaml:"-" json:"-" pos:"id"`
}

// TenantRef is a tenant's reference to a provider, landing zone or party:
// a Ref whose range is a Span in the tenant's file.
type TenantRef struct {
	ID string
	At Span
}

func (r TenantRef) String() string { return r.ID }

// IsSet reports whether the reference was given.
func (r TenantRef) IsSet() bool { return r.ID != "" }

// Pos is where the tenant is written: its id, or the start of its file
// when it has none; zero when it has no source.
func (t *Tenant) Pos() diag.Range {
	if r := t.IDPos(); !r.IsZero() || t.File == "" {
		return r
	}
	return diag.Range{Filename: t.File, Start: diag.Pos{Line: 1, Column: 1}, End: diag.Pos{Line: 1, Column: 1}}
}

// IDPos is where the tenant's id is written.
func (t *Tenant) IDPos() diag.Range { return t.IDAt.In(t.File) }

// RefPos is where one of the tenant's references is written.
func (t *Tenant) RefPos(r TenantRef) diag.Range { return r.At.In(t.File) }

// Ref returns r as a model-wide reference with its full range.
func (t *Tenant) Ref(r TenantRef) Ref { return Ref{ID: r.ID, Range: t.RefPos(r)} }

// ForgetPositions drops the tenant's source ranges.
func (t *Tenant) ForgetPositions() {
	t.File, t.IDAt = "", Span{}
	t.Provider.At, t.LandingZone.At, t.Owner.At = Span{}, Span{}, Span{}
}

// Tags are a tenant's key=value labels, sorted by key, keys unique, held
// in one string (key, unit separator, value; pairs joined by the record
// separator): a model may hold a hundred thousand tenants, and a map or a
// slice of pairs each would cost the garbage collector of a long-running
// server several pointers per tenant. The zero value has no tags. Build
// them with NewTags; they are written as a mapping in YAML and JSON.
type Tags string

// Tag is one label.
type Tag struct {
	Key, Value string
}

// The separators of Tags; keys and values cannot contain them (the loader
// refuses control characters in tags).
const (
	tagSep  = "\x1e"
	pairSep = "\x1f"
)

// NewTags sorts tags by key; of repeated keys the last one wins. Separator
// characters in keys or values are replaced with U+FFFD.
func NewTags(tags []Tag) Tags {
	sorted := slices.Clone(tags)
	slices.SortStableFunc(sorted, func(a, b Tag) int { return strings.Compare(a.Key, b.Key) })
	var b strings.Builder
	for i, t := range sorted {
		if i+1 < len(sorted) && sorted[i+1].Key == t.Key {
			continue // a later one wins
		}
		if b.Len() > 0 {
			b.WriteString(tagSep)
		}
		b.WriteString(cleanTag(t.Key))
		b.WriteString(pairSep)
		b.WriteString(cleanTag(t.Value))
	}
	return Tags(b.String())
}

// cleanTag replaces the separators in a key or value.
func cleanTag(s string) string {
	if !strings.ContainsAny(s, tagSep+pairSep) {
		return s
	}
	return strings.NewReplacer(tagSep, "\uFFFD", pairSep, "\uFFFD").Replace(s)
}

// All yields the tags in key order.
func (ts Tags) All() iter.Seq2[string, string] {
	return func(yield func(string, string) bool) {
		for pair := range strings.SplitSeq(string(ts), tagSep) {
			if pair == "" {
				continue
			}
			k, v, _ := strings.Cut(pair, pairSep)
			if !yield(k, v) {
				return
			}
		}
	}
}

// List returns the tags in key order.
func (ts Tags) List() []Tag {
	var out []Tag
	for k, v := range ts.All() {
		out = append(out, Tag{Key: k, Value: v})
	}
	return out
}

// Len is the number of tags.
func (ts Tags) Len() int {
	if ts == "" {
		return 0
	}
	return strings.Count(string(ts), tagSep) + 1
}

// Get returns the value of key.
func (ts Tags) Get(key string) (string, bool) {
	for k, v := range ts.All() {
		if k == key {
			return v, true
		}
	}
	return "", false
}

// Map returns the tags as a map (empty, not nil, when there are none).
func (ts Tags) Map() map[string]string {
	m := make(map[string]string, ts.Len())
	for k, v := range ts.All() {
		m[k] = v
	}
	return m
}

// MarshalJSON writes the tags as an object, as they are written in YAML.
func (ts Tags) MarshalJSON() ([]byte, error) { return json.Marshal(ts.Map()) }
