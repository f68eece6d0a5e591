package markdown

import (
	"strconv"
	"strings"
)

// fileNames gives the elements of one directory unique, safe file names
// derived from their ids.
type fileNames struct {
	used map[string]bool
}

func newFileNames() *fileNames { return &fileNames{used: map[string]bool{}} }

// name returns the base name (without extension) for id. Model ids are
// already lower-case words with dots, hyphens and underscores; anything
// else (ids are not trusted here) is replaced, and names that MkDocs or a
// wiki treat specially (index, readme) or that collide get a suffix.
func (f *fileNames) name(id string) string {
	base := fileSafe(id)
	name := base
	for n := 2; f.used[name] || reserved(name); n++ {
		name = base + "-" + strconv.Itoa(n)
	}
	f.used[name] = true
	return name
}

func reserved(name string) bool {
	switch name {
	case "index", "readme", "home", "_sidebar", "_footer":
		return true
	}
	return false
}

// fileSafe maps id to [a-z0-9._-], at most 80 bytes, starting with a letter
// or digit.
func fileSafe(id string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(id) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		case r == '.':
			b.WriteByte('.')
		default:
			b.WriteByte('-')
		}
		if b.Len() >= 80 {
			break
		}
	}
	s := strings.Trim(b.String(), ".-_")
	for strings.Contains(s, "..") {
		s = strings.ReplaceAll(s, "..", ".")
	}
	if s == "" {
		s = "x"
	}
	return s
}

// rel returns the link from a page in directory from ("" for docs/) to the
// docs-relative path target.
func rel(from, target string) string {
	if from == "" {
		return target
	}
	if dir, file, ok := strings.Cut(target, "/"); ok && dir == from {
		return file
	}
	return "../" + target
}
