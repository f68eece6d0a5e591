package load

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/model"
)

// Result is what loading produced: the files decoded, in path order, with
// the bytes of each source for snippets.
type Result struct {
	Files   []*model.File
	Sources map[string][]byte
	// Incomplete is set when a limit refused part of the input. The model
	// is then not checked for references and responsibilities, whose
	// findings would mostly be consequences of what is missing.
	Incomplete bool
}

// ConfigFile is the name of the optional project configuration file in the
// model directory. Hidden files are never read as model files.
const ConfigFile = ".demarc.yaml"

func isModelFile(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml", ".csv":
		return true
	}
	return false
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

type limitedReader struct {
	f interface{ Read([]byte) (int, error) }
	n int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, ioEOF
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.f.Read(p)
	l.n -= int64(n)
	return n, err
}

func formatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// add parses one file's bytes into the result.
func (r *Result) add(name string, data []byte, limits Limits, ds *diag.Diagnostics) {
	r.Sources[name] = data
	if strings.EqualFold(filepath.Ext(name), ".csv") {
		if isFactsCSV(data) {
			r.Files = append(r.Files, ParseFactsCSV(name, data, ds))
			return
		}
		f := parseTenantCSV(name, data, limits, ds)
		r.Files = append(r.Files, f)
		return
	}
	r.Files = append(r.Files, ParseYAML(name, data, limits, ds)...)
}

var yamlLineRE = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// parseOneDocument parses the first document of a small YAML file, such as
// the configuration, returning its root node (nil for an empty file).
func parseOneDocument(src *source, ds *diag.Diagnostics) (*yaml.Node, bool) {
	if !utf8.Valid(src.data) {
		off := invalidUTF8Offset(src.data)
		ds.Add(diag.YAMLSyntax, rangeAt(src, off), "%s is not valid UTF-8 (first bad byte at offset %d)", src.name, off)
		return nil, false
	}
	var root yaml.Node
	if err := yaml.Unmarshal(src.data, &root); err != nil {
		reportYAMLError(src, err, DefaultLimits, ds)
		return nil, false
	}
	if n := tooDeep(&root, DefaultLimits.MaxDepth); n != nil {
		ds.Add(diag.InputLimit, rangeOfNode(src, n), "%s nests collections deeper than the limit of %d", src.name, DefaultLimits.MaxDepth)
		return nil, false
	}
	if root.Kind == 0 || len(root.Content) == 0 || isNull(root.Content[0]) {
		return nil, true
	}
	return root.Content[0], true
}

// ParseYAML decodes every document of one YAML file.
func ParseYAML(name string, data []byte, limits Limits, ds *diag.Diagnostics) []*model.File {
	limits = limits.orDefault()
	src := newSource(name, data)
	if !utf8.Valid(data) {
		off := invalidUTF8Offset(data)
		ds.Add(diag.YAMLSyntax, rangeAt(src, off), "%s is not valid UTF-8 (first bad byte at offset %d)", name, off).
			WithDetail("Model files must be UTF-8. Re-save the file as UTF-8 in your editor.")
		return nil
	}
	if off, ok := firstForbidden(data); ok {
		ds.Add(diag.YAMLSyntax, rangeAt(src, off), "%s contains a control character (byte 0x%02x) that YAML does not allow", name, data[off]).
			WithDetail("Remove the character; it is often left over from copying text out of another program.")
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var files []*model.File
	// The node budget scales with the file: a small file cannot expand
	// into millions of nodes through aliases.
	budget := min(limits.MaxNodes, 10_000+16*len(data))
	for doc := 0; ; doc++ {
		var root yaml.Node
		err := dec.Decode(&root)
		if err != nil {
			if err == ioEOF {
				break
			}
			reportYAMLError(src, err, limits, ds)
			break
		}
		if root.Kind == 0 || len(root.Content) == 0 {
			continue
		}
		if n := tooDeep(&root, limits.MaxDepth); n != nil {
			ds.Add(diag.InputLimit, rangeOfNode(src, n), "%s nests collections deeper than the limit of %d", name, limits.MaxDepth).
				WithDetail("No model element needs deep nesting; this looks like a corrupt or hostile file. Raise limits.max_depth in %s if it is intended.", ConfigFile)
			break
		}
		body := root.Content[0]
		if isNull(body) {
			continue
		}
		d := &decoder{src: src, diags: ds, budget: budget, maxText: limits.MaxTextLength}
		f := &model.File{}
		d.decodeStruct(body, reflectValue(f), "")
		budget = d.budget
		files = append(files, f)
		if d.over {
			break
		}
	}
	return files
}

func yamlErrorMessage(err error) string {
	msg := err.Error()
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		return "YAML syntax error: " + m[2]
	}
	return "YAML syntax error: " + strings.TrimPrefix(msg, "yaml: ")
}

func yamlErrorRange(src *source, err error) diag.Range {
	if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil && m[1] != "" {
		line, _ := strconv.Atoi(m[1])
		if line > len(src.lines) {
			line = len(src.lines)
		}
		text := src.lineText(line)
		// point at the first non-blank character of the line
		col := 1
		for _, c := range string(text) {
			if c != ' ' && c != '\t' {
				break
			}
			col++
		}
		return src.span(line, col, max(1, utf8.RuneCount(text)-col+1))
	}
	return src.whole()
}

func rangeAt(src *source, off int) diag.Range {
	p := src.posAtByte(off)
	end := p
	end.Byte++
	end.Column++
	return diag.Range{Filename: src.name, Start: p, End: end}
}

func invalidUTF8Offset(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// reportYAMLError turns a parser error into a diagnostic, at the most
// precise position the error allows.
func reportYAMLError(src *source, err error, limits Limits, ds *diag.Diagnostics) {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "exceeded max depth"):
		ds.Add(diag.InputLimit, yamlErrorRange(src, err), "%s nests collections deeper than the YAML parser allows", src.name).
			WithDetail("No model element needs deep nesting; this looks like a corrupt or hostile file.")
		return
	case strings.Contains(msg, "unknown anchor"):
		if m := anchorRE.FindStringSubmatch(msg); m != nil {
			if i := bytes.Index(src.data, []byte("*"+m[1])); i >= 0 {
				r := rangeAt(src, i)
				r.End = src.posAtByte(i + 1 + len(m[1]))
				ds.Add(diag.YAMLSyntax, r, "YAML syntax error: the alias *%s names no anchor", m[1]).
					WithDetail("Define the anchor with &%s before this alias, or fix the alias's name.", m[1])
				return
			}
		}
	}
	ds.Add(diag.YAMLSyntax, yamlErrorRange(src, err), "%s", yamlErrorMessage(err)).
		WithDetail("Fix the YAML syntax at or just before this line; an editor with YAML support shows the exact spot.")
}

var anchorRE = regexp.MustCompile(`unknown anchor '([^']*)'`)

// firstForbidden finds the first control character YAML forbids (C0
// controls other than tab, LF and CR, and DEL), so it can be reported at
// its exact position rather than where the parser gives up.
func firstForbidden(data []byte) (int, bool) {
	for i, b := range data {
		if (b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7f {
			return i, true
		}
	}
	return 0, false
}

// tooDeep returns the first node nested deeper than limit collections, or
// nil. It walks with an explicit stack, so depth costs no recursion.
func tooDeep(root *yaml.Node, limit int) *yaml.Node {
	type item struct {
		n     *yaml.Node
		depth int
	}
	stack := []item{{root, 0}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		depth := it.depth
		if it.n.Kind == yaml.MappingNode || it.n.Kind == yaml.SequenceNode {
			depth++
			if depth > limit {
				return it.n
			}
		}
		for _, c := range it.n.Content {
			stack = append(stack, item{c, depth})
		}
	}
	return nil
}

func rangeOfNode(src *source, n *yaml.Node) diag.Range {
	return src.span(n.Line, n.Column, 1)
}
