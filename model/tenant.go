package model

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/demarc-dev/demarc/diag"
)

// Tenant is a real cloud account, subscription or project.
type Tenant struct {
	ID          string `yaml:"id" json:"id" jsonschema:"required" jsonschema_description:"The provider's account / subscription / project id."`
	Name        string `yaml:"name,omitempty" json:"name,omitempty"`
	Provider    Ref    `yaml:"provider" json:"provider" jsonschema:"required"`
	LandingZone Ref    `yaml:"landing_zone" json:"landing_zone" jsonschema_description:"Required."`
	Owner       Ref    `yaml:"owner" json:"owner" jsonschema_description:"Required. The application party that owns the tenant."`
	Tags        Tags   `yaml:"tags,omitempty" json:"tags,omitempty"`

	Pos   diag.Range `yaml:"-" json:"-"`
	IDPos diag.Range `yaml:"-" json:"-" pos:"id"`
}

// Tags are a tenant's key=value labels, sorted by key, keys unique. They
// are written as a mapping; a slice rather than a map because a model
// holds a hundred thousand tenants and a map each would cost several times
// the memory.
type Tags []Tag

// Tag is one label.
type Tag struct {
	Key, Value string
}

// NewTags sorts tags by key; of repeated keys the last one wins.
func NewTags(tags []Tag) Tags {
	slices.SortStableFunc(tags, func(a, b Tag) int { return strings.Compare(a.Key, b.Key) })
	out := tags[:0]
	for _, t := range tags {
		if n := len(out); n > 0 && out[n-1].Key == t.Key {
			out[n-1] = t
			continue
		}
		out = append(out, t)
	}
	return Tags(out)
}

// Get returns the value of key.
func (ts Tags) Get(key string) (string, bool) {
	i, ok := slices.BinarySearchFunc(ts, key, func(t Tag, k string) int { return strings.Compare(t.Key, k) })
	if !ok {
		return "", false
	}
	return ts[i].Value, true
}

// Map returns the tags as a map (empty, not nil, when there are none).
func (ts Tags) Map() map[string]string {
	m := make(map[string]string, len(ts))
	for _, t := range ts {
		m[t.Key] = t.Value
	}
	return m
}

// MarshalJSON writes the tags as an object, as they are written in YAML.
func (ts Tags) MarshalJSON() ([]byte, error) { return json.Marshal(ts.Map()) }
