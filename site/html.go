package site

import (
	"bytes"
	"strconv"
	"unicode/utf8"
)

// hw writes hand-made HTML into a buffer. Text goes through t (escaped);
// only constant markup and fragments built by this package go through s
// and b. It is used where a table grows with the model and a template
// action per cell would dominate the build.
type hw struct{ *bytes.Buffer }

// s writes trusted markup.
func (w hw) s(markup string) { w.WriteString(markup) }

// b writes a trusted, already escaped fragment.
func (w hw) b(frag []byte) { w.Write(frag) }

// t writes text, escaped for element content and quoted attribute values.
func (w hw) t(text string) {
	if !needsEscape(text) {
		w.WriteString(text)
		return
	}
	w.Grow(len(text) + len(text)/2 + 16)
	w.Buffer.Write(appendEscaped(w.AvailableBuffer(), text))
}

// needsEscape reports whether appendEscaped would change text.
func needsEscape(text string) bool {
	checked := false
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c == '&', c == '<', c == '>', c == '"', c == '\'', c == 0:
			return true
		case c >= utf8.RuneSelf && !checked:
			// The bytes of multi-byte sequences are never ASCII, so once
			// the rest is valid UTF-8 the loop only looks for the above.
			if !utf8.ValidString(text[i:]) {
				return true
			}
			checked = true
		}
	}
	return false
}

// i writes a decimal number.
func (w hw) i(n int) {
	w.Grow(20)
	w.Buffer.Write(strconv.AppendInt(w.AvailableBuffer(), int64(n), 10))
}

// appendEscaped appends text to dst with &, <, >, " and ' replaced by
// character references, NUL and invalid UTF-8 by U+FFFD, the same set
// html/template escapes.
func appendEscaped(dst []byte, text string) []byte {
	last := 0
	for i := 0; i < len(text); {
		c := text[i]
		var rep string
		width := 1
		switch {
		case c == '&':
			rep = "&amp;"
		case c == '<':
			rep = "&lt;"
		case c == '>':
			rep = "&gt;"
		case c == '"':
			rep = "&#34;"
		case c == '\'':
			rep = "&#39;"
		case c == 0:
			rep = "\uFFFD"
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRuneInString(text[i:])
			width = n
			if r == utf8.RuneError && n == 1 {
				rep = "\uFFFD"
			}
		}
		if rep != "" {
			dst = append(dst, text[last:i]...)
			dst = append(dst, rep...)
			last = i + width
		}
		i += width
	}
	return append(dst, text[last:]...)
}

// esc returns text escaped as appendEscaped does.
func esc(text string) string { return string(appendEscaped(nil, text)) }

func appendInt(b []byte, n int) []byte { return strconv.AppendInt(b, int64(n), 10) }

// num formats n with thousands separators: 2,880,000.
func num(n int) string {
	s := strconv.Itoa(n)
	neg := ""
	if n < 0 {
		neg, s = "-", s[1:]
	}
	if len(s) <= 3 {
		return neg + s
	}
	var b []byte
	pre := len(s) % 3
	if pre > 0 {
		b = append(b, s[:pre]...)
	}
	for i := pre; i < len(s); i += 3 {
		if len(b) > 0 {
			b = append(b, ',')
		}
		b = append(b, s[i:i+3]...)
	}
	return neg + string(b)
}

func appendFloat(b []byte, f float64) []byte { return strconv.AppendFloat(b, f, 'f', 1, 64) }
