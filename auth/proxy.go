package auth

import (
	"net/http"
	"net/netip"
	"strings"
)

// Default header names, as set by oauth2-proxy.
const (
	DefaultEmailHeader  = "X-Forwarded-Email"
	DefaultUserHeader   = "X-Forwarded-User"
	DefaultGroupsHeader = "X-Forwarded-Groups"
)

// ProxyHeaders identifies people from headers set by a trusted reverse proxy
// (oauth2-proxy style). The headers are believed only when the request comes
// directly from an address in TrustedProxies; with no trusted proxies (the
// zero value) they are never believed. Empty header names take the defaults.
//
// The proxy must strip these headers from client requests, and the app must
// be reachable only through it, or anyone could claim any identity.
type ProxyHeaders struct {
	EmailHeader    string
	UserHeader     string
	GroupsHeader   string
	TrustedProxies []netip.Prefix
}

// Trusted reports whether r comes directly from a trusted proxy.
func (p ProxyHeaders) Trusted(r *http.Request) bool {
	if len(p.TrustedProxies) == 0 {
		return false
	}
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	var addr netip.Addr
	if err == nil {
		addr = ap.Addr()
	} else if a, err2 := netip.ParseAddr(r.RemoteAddr); err2 == nil {
		addr = a
	} else {
		return false
	}
	addr = addr.Unmap().WithZone("")
	for _, pfx := range p.TrustedProxies {
		if pfx.IsValid() && pfx.Contains(addr) {
			return true
		}
	}
	return false
}

// Identify returns the person named by the proxy headers, when r comes from
// a trusted proxy and names an e-mail address or a user.
func (p ProxyHeaders) Identify(r *http.Request) (Person, bool) {
	if !p.Trusted(r) {
		return Person{}, false
	}
	email := strings.TrimSpace(r.Header.Get(or(p.EmailHeader, DefaultEmailHeader)))
	user := strings.TrimSpace(r.Header.Get(or(p.UserHeader, DefaultUserHeader)))
	if email == "" && user == "" {
		return Person{}, false
	}
	person := Person{Subject: or(user, email), Email: email, Name: user}
	for _, v := range r.Header.Values(or(p.GroupsHeader, DefaultGroupsHeader)) {
		for g := range strings.SplitSeq(v, ",") {
			if g = strings.TrimSpace(g); g != "" {
				person.Groups = append(person.Groups, g)
			}
		}
	}
	return person, true
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
