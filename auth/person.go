package auth

import (
	"net/http"
	"strings"
)

// Person is a signed-in person.
type Person struct {
	Subject string   `json:"sub"`
	Email   string   `json:"email,omitempty"`
	Name    string   `json:"name,omitempty"`
	Groups  []string `json:"groups,omitempty"`
}

// Identifier tells who made a request. Both [OIDC] and [ProxyHeaders]
// implement it.
type Identifier interface {
	Identify(r *http.Request) (Person, bool)
}

// GroupPrefix marks a member entry naming an identity-provider group.
const GroupPrefix = "group:"

// MemberOf reports whether p belongs to members. A member entry is either an
// e-mail address, compared case-insensitively with p.Email, or "group:NAME",
// which matches when NAME is one of p.Groups (exact, case-sensitive match,
// as group claims are identifiers). Empty entries and an empty p.Email never
// match.
func MemberOf(p Person, members []string) bool {
	email := strings.TrimSpace(p.Email)
	for _, m := range members {
		m = strings.TrimSpace(m)
		if m == "" {
			continue
		}
		if name, ok := strings.CutPrefix(m, GroupPrefix); ok {
			name = strings.TrimSpace(name)
			if name == "" {
				continue
			}
			for _, g := range p.Groups {
				if g == name {
					return true
				}
			}
			continue
		}
		if email != "" && strings.EqualFold(m, email) {
			return true
		}
	}
	return false
}
