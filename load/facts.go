package load

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/model"
)

// attachFacts adds the facts written apart from their services (top-level
// "facts:" and facts CSV files) to the services, in file order.
func (l *linker) attachFacts(files []*model.File) {
	m := l.m
	for _, f := range files {
		for _, pf := range f.Facts {
			s := m.ServiceByID[pf.Service.ID]
			if s == nil {
				l.ref(pf.Service, "service", has(m.ServiceByID), keys(m.ServiceByID))
				continue
			}
			if pf.Provider.IsSet() && pf.Provider.ID != s.Provider.ID {
				l.ds.Add(diag.InvalidValue, pf.Provider.Range, "service %q is a %s service, not a %s one", s.ID, s.Provider.ID, pf.Provider.ID).
					WithDetail("Leave the provider out or give the service's own (%s).", s.Provider.ID)
				continue
			}
			s.Facts = append(s.Facts, pf.Fact())
		}
	}
}

// addControls collects the control catalogues of the files; a control
// defined twice is an error.
func (l *linker) addControls(files []*model.File) {
	seen := map[string]diag.Range{}
	for _, f := range files {
		for _, c := range f.Controls {
			k := c.Framework + "/" + c.ID
			if first, dup := seen[k]; dup {
				l.ds.Add(diag.DuplicateID, c.Pos, "control %s of %s is defined twice", c.ID, c.Framework).
					WithRelated("first defined here", first).
					WithDetail("Keep one definition; re-importing a catalogue rewrites its file.")
				continue
			}
			seen[k] = c.Pos
			l.m.Controls = append(l.m.Controls, c)
		}
	}
}

// factColumns are the columns of a facts CSV file.
var factColumns = []string{"provider", "service", "framework", "control", "responsibility", "feature", "note", "reference", "source"}

var responsibilities = []string{"customer", "provider", "shared", "not-applicable"}

// isFactsCSV reports whether a CSV file's header names a control and a
// responsibility column, which tenant lists never have.
func isFactsCSV(data []byte) bool {
	line, _, _ := bytes.Cut(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), []byte("\n"))
	cols := map[string]bool{}
	for _, c := range strings.Split(string(line), ",") {
		cols[strings.ToLower(strings.Trim(strings.TrimSpace(c), `"`))] = true
	}
	return cols["control"] && cols["responsibility"]
}

// ParseFactsCSV reads a facts file: a header row naming the columns, then
// one statement per row (provider, service, framework, control,
// responsibility, feature, note, reference, source).
func ParseFactsCSV(name string, data []byte, ds *diag.Diagnostics) *model.File {
	src := newSource(name, data)
	f := &model.File{}
	if !validUTF8(data) {
		off := invalidUTF8Offset(data)
		ds.Add(diag.YAMLSyntax, rangeAt(src, off), "%s is not valid UTF-8 (first bad byte at offset %d)", name, off).
			WithDetail("Facts files must be UTF-8 CSV. Export the file again as \"CSV UTF-8\".")
		return f
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	r.Comment = '#'
	header, err := r.Read()
	if err != nil {
		if !errors.Is(err, io.EOF) {
			csvError(src, err, ds)
		}
		return f
	}
	col := map[string]int{}
	for i, h := range header {
		key := strings.ToLower(strings.TrimSpace(h))
		line, c := r.FieldPos(i)
		if !contains(factColumns, key) {
			d := ds.Add(diag.UnknownKey, src.spanBytes(line, c, len(h)), "unknown column %q in facts file %s", h, name)
			if sug := diag.DidYouMean(key, factColumns); sug != "" {
				d.WithSuggestion(sug)
			} else {
				d.WithDetail("Facts files have the columns %s.", strings.Join(factColumns, ", "))
			}
			continue
		}
		col[key] = i
	}
	if _, ok := col["service"]; !ok {
		ds.Add(diag.MissingRequired, src.span(1, 1, len(src.lineText(1))), "facts file %s has no \"service\" column", name).
			WithDetail("The first row must name the columns: %s.", strings.Join(factColumns, ","))
		return f
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			csvError(src, err, ds)
			if errors.Is(err, csv.ErrFieldCount) {
				continue
			}
			break
		}
		field := func(key string) (string, diag.Range) {
			i, ok := col[key]
			if !ok || i >= len(rec) {
				return "", diag.Range{}
			}
			line, c := r.FieldPos(i)
			return strings.TrimSpace(rec[i]), src.spanBytes(line, c, len(rec[i]))
		}
		line, _ := r.FieldPos(0)
		pos := src.span(line, 1, len(src.lineText(line)))
		svc, svcAt := field("service")
		prov, provAt := field("provider")
		pf := &model.ProviderFact{Service: model.Ref{ID: svc, Range: svcAt}, Pos: pos}
		if prov != "" {
			pf.Provider = model.Ref{ID: prov, Range: provAt}
		}
		pf.Framework, _ = field("framework")
		pf.Control, _ = field("control")
		pf.Feature, _ = field("feature")
		pf.Note, _ = field("note")
		pf.Reference, _ = field("reference")
		pf.Source, _ = field("source")
		resp, respAt := field("responsibility")
		pf.Responsibility = strings.ToLower(resp)
		switch {
		case svc == "":
			ds.Add(diag.MissingRequired, pos, "fact in %s line %d has no service", name, line)
			continue
		case pf.Control == "":
			ds.Add(diag.MissingRequired, pos, "fact in %s line %d has no control", name, line)
			continue
		case !contains(responsibilities, pf.Responsibility):
			at := respAt
			if at.IsZero() {
				at = pos
			}
			d := ds.Add(diag.InvalidValue, at, "responsibility %q in %s line %d is not one of %s", resp, name, line, strings.Join(responsibilities, ", "))
			if sug := diag.DidYouMean(pf.Responsibility, responsibilities); sug != "" {
				d.WithSuggestion(sug)
			}
			continue
		}
		f.Facts = append(f.Facts, pf)
	}
	return f
}
