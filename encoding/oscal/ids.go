package oscal

import (
	"crypto/sha1"
	"fmt"
	"strings"
	"unicode"
)

// namespace is the UUIDv5 namespace of every UUID demarc writes: the
// version 5 UUID of the URL https://demarc.dev/oscal in RFC 4122's URL
// namespace.
var namespace = uuid5([16]byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}, "https://demarc.dev/oscal")

// uuid5 is the RFC 4122 version 5 (SHA-1, name-based) UUID of name in ns.
func uuid5(ns [16]byte, name string) [16]byte {
	h := sha1.New()
	h.Write(ns[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return u
}

func formatUUID(u [16]byte) string {
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// ids derives the UUIDs of one export: the same model ids give the same
// UUIDs on every run, and the organisation's name keeps two organisations'
// exports apart.
type ids struct{ org string }

// of returns the UUID for the element named by parts, such as
// ("party", "cloud-foundation"). Parts are joined with a separator model
// ids cannot contain.
func (i ids) of(parts ...string) string {
	return formatUUID(uuid5(namespace, i.org+"\x00"+strings.Join(parts, "\x00")))
}

// token makes s an OSCAL token (an XML NCName): a letter or underscore,
// then letters, digits, '.', '-' and '_'. Other characters become '-'.
func token(s string) string {
	var b strings.Builder
	for i, r := range s {
		ok := unicode.IsLetter(r) || r == '_' || i > 0 && (unicode.IsDigit(r) || r == '.' || r == '-')
		if !ok && i == 0 && (unicode.IsDigit(r) || r == '.' || r == '-') {
			b.WriteByte('_')
			ok = true
		}
		if ok {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	if b.Len() == 0 {
		return "_"
	}
	return b.String()
}

// oneLine makes s a valid OSCAL string (no leading or trailing space, one
// line), for titles and property values; "" stays "".
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// prose trims s for markup fields (descriptions, remarks), which may span
// lines; empty prose falls back to def.
func prose(s, def string) string {
	if s = strings.TrimSpace(s); s != "" {
		return s
	}
	return def
}
