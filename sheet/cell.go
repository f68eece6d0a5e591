package sheet

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Neutralise makes text safe for a spreadsheet cell. Text that a
// spreadsheet would read as a formula or a command when it is typed or
// imported — starting with =, +, -, @, a tab, a carriage return or a line
// feed — gets a leading single quote, so it shows as the text it is and is
// never evaluated (CSV and formula injection). Control characters that XML
// cannot hold are removed; line breaks and tabs inside the text stay.
func Neutralise(s string) string {
	s = cleanText(s)
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r', '\n':
		return "'" + s
	}
	return s
}

// cleanText removes characters that are not allowed in XML 1.0 (and would
// otherwise be replaced by U+FFFD on the way into the workbook), so the
// XLSX and the CSV files hold the same text.
func cleanText(s string) string {
	ok := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c >= 0x80 {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r':
		case r == 0xfffe || r == 0xffff:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// maxCellChars is the most characters (UTF-16 code units) a cell holds in
// Excel.
const maxCellChars = 32767

// truncate shortens s to Excel's cell limit, marking the cut.
func truncate(s string) string {
	if len(s) <= maxCellChars {
		return s // no more UTF-16 units than bytes
	}
	n := 0
	for i, r := range s {
		n += utf16.RuneLen(r)
		if n > maxCellChars-1 {
			return s[:i] + "…"
		}
	}
	return s
}

// width estimates the display width of text in characters: the longest
// line, wide characters counting double.
func width(s string) int {
	longest, cur := 0, 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if c == '\n' {
				longest, cur = max(longest, cur), 0
				continue
			}
			cur++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if r >= 0x1100 && (r <= 0x115f || r >= 0x2e80 && r <= 0xa4cf || r >= 0xac00 && r <= 0xd7a3 || r >= 0xf900 && r <= 0xfaff || r >= 0xfe30 && r <= 0xfe4f || r >= 0xff00 && r <= 0xff60 || r >= 0xffe0 && r <= 0xffe6 || r >= 0x1f300 && r <= 0x1faff || r >= 0x20000 && r <= 0x3fffd) {
			cur += 2
		} else {
			cur++
		}
	}
	return max(longest, cur)
}
