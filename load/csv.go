package load

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
	"unsafe"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/model"
)

// tenantColumns are the CSV columns of a tenant list, in the order demarc
// writes them. id, provider, landing_zone and owner are required.
var tenantColumns = []string{"id", "name", "provider", "landing_zone", "owner", "tags"}

// ParseTenantCSV reads a tenant list: a header row naming the columns, then
// one tenant per row. Tags are written key=value;key=value.
//
// The tenants' ids and names share the memory of a copy of data.
func ParseTenantCSV(name string, data []byte, ds *diag.Diagnostics) *model.File {
	return parseTenantCSV(name, bytes.Clone(data), DefaultLimits, ds)
}

// parseTenantCSV reads the tenant list data. The ids and names of the
// tenants are strings of data's memory wherever the file holds them as they
// are (not quoted with doubled quotes): data, which the loader keeps for
// excerpts anyway, must never be modified afterwards.
func parseTenantCSV(name string, data []byte, limits Limits, ds *diag.Diagnostics) *model.File {
	limits = limits.orDefault()
	src := newSource(name, data)
	f := &model.File{}
	if !validUTF8(data) {
		off := invalidUTF8Offset(data)
		ds.Add(diag.YAMLSyntax, rangeAt(src, off), "%s is not valid UTF-8 (first bad byte at offset %d)", name, off).
			WithDetail("Tenant lists must be UTF-8 CSV. Export the file again as \"CSV UTF-8\".")
		return f
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	r.ReuseRecord = true
	r.Comment = '#'
	header, err := r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return f // an empty file holds no tenants
		}
		csvError(src, err, ds)
		return f
	}
	header = slices.Clone(header) // the reader reuses its record
	col := map[string]int{}
	for i, h := range header {
		key := strings.ToLower(strings.TrimSpace(h))
		line, c := r.FieldPos(i)
		if !contains(tenantColumns, key) {
			dg := ds.Add(diag.UnknownKey, src.spanBytes(line, c, len(h)), "unknown column %q in tenant list %s", truncate(h, 40), name)
			if sug := diag.DidYouMean(key, tenantColumns); sug != "" {
				dg.WithSuggestion(sug)
			} else {
				dg.WithDetail("Tenant lists have the columns %s.", strings.Join(tenantColumns, ", "))
			}
			continue
		}
		if _, dup := col[key]; dup {
			ds.Add(diag.DuplicateID, src.spanBytes(line, c, len(h)), "column %q appears twice in %s", truncate(h, 40), name)
			continue
		}
		col[key] = i
	}
	for _, required := range []string{"provider", "landing_zone", "owner"} {
		if _, ok := col[required]; !ok && required == "provider" {
			ds.Add(diag.MissingRequired, src.span(1, 1, len(src.lineText(1))), "tenant list %s has no %q column", name, required).
				WithDetail("The first row must name the columns: %s.", strings.Join(tenantColumns, ","))
		}
	}
	if _, ok := col["id"]; !ok {
		ds.Add(diag.MissingRequired, src.span(1, 1, len(src.lineText(1))), "tenant list %s has no \"id\" column", name).
			WithDetail("The first row must name the columns: %s.", strings.Join(tenantColumns, ","))
		return f
	}
	ref := func(rec []string, key string) model.TenantRef {
		i, ok := col[key]
		if !ok || i >= len(rec) {
			return model.TenantRef{}
		}
		v := strings.TrimSpace(rec[i])
		if v == "" {
			return model.TenantRef{}
		}
		line, c := r.FieldPos(i)
		return model.TenantRef{ID: v, At: model.SpanOf(src.spanBytes(line, c, len(rec[i])))}
	}
	// A file's tenants are allocated in one block and the text they keep
	// in a few: a model may list a million tenants, and objects for each
	// would weigh on the garbage collector of a long-running server. The
	// tenants' block is sized so that appending never moves it.
	rows := bytes.Count(data, []byte("\n")) + 1
	tenants := make([]model.Tenant, 0, rows)
	// inFile returns field i of the current row as a string of the file's
	// memory, when the file holds it as it is.
	fileText := unsafe.String(unsafe.SliceData(data), len(data))
	inFile := func(rec []string, i int) (string, bool) {
		if i >= len(rec) {
			return "", false
		}
		line, c := r.FieldPos(i)
		if line < 1 || line > len(src.lines) {
			return "", false
		}
		start := src.lines[line-1] + c - 1
		if start < len(data) && data[start] == '"' {
			start++
		}
		if end := start + len(rec[i]); start >= 0 && end <= len(data) && fileText[start:end] == rec[i] {
			return fileText[start:end], true
		}
		return "", false
	}
	var tags []model.Tag              // one tenant's, reused
	tagsOf := map[string]model.Tags{} // tag lists as written → as read
	var text textBlock
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
		if i, n := longestField(rec); n > limits.MaxTextLength {
			fl, fc := r.FieldPos(i)
			textTooLong(ds, src.spanBytes(fl, fc, 1), fmt.Sprintf("the %s of the tenant on line %d of %s", columnName(header, i), fl, name), n, limits.MaxTextLength)
			continue
		}
		id := ref(rec, "id")
		line, _ := r.FieldPos(0)
		pos := src.span(line, 1, len(src.lineText(line)))
		t := model.Tenant{
			ID:          id.ID,
			Provider:    ref(rec, "provider"),
			LandingZone: ref(rec, "landing_zone"),
			Owner:       ref(rec, "owner"),
			File:        name,
			IDAt:        id.At,
		}
		if t.ID == "" {
			ds.Add(diag.MissingRequired, pos, "tenant in %s line %d has no id", name, line)
			continue
		}
		if _, ok := col["provider"]; ok && !t.Provider.IsSet() {
			ds.Add(diag.MissingRequired, pos, "tenant %q in %s line %d has no provider", t.ID, name, line).
				WithDetail("Fill in the provider column (e.g. aws, azure, gcp).")
		}
		idShared, nameShared := false, false
		if s, ok := inFile(rec, col["id"]); ok {
			t.ID, idShared = strings.TrimSpace(s), true
		}
		if i, ok := col["name"]; ok && i < len(rec) {
			t.Name = strings.TrimSpace(rec[i])
			if s, ok := inFile(rec, i); ok {
				t.Name, nameShared = strings.TrimSpace(s), true
			}
		}
		if i, ok := col["tags"]; ok && i < len(rec) && tagsOf[rec[i]] != "" {
			t.Tags = tagsOf[rec[i]] // as written on an earlier row
		} else if ok && i < len(rec) && strings.TrimSpace(rec[i]) != "" {
			tags = tags[:0]
			clean := true
			tagsAt := func() diag.Range {
				tl, tc := r.FieldPos(i)
				return src.spanBytes(tl, tc, len(rec[i]))
			}
			for kv := range strings.SplitSeq(rec[i], ";") {
				k, v, ok := strings.Cut(kv, "=")
				k, v = strings.TrimSpace(k), strings.TrimSpace(v)
				if !ok || k == "" {
					ds.Add(diag.WrongType, tagsAt(), "tag %q of tenant %s is not written key=value", strings.TrimSpace(kv), t.ID).
						WithDetail("Write tags as key=value pairs separated by semicolons, e.g. env=prod;cost-center=4711.")
					clean = false
					continue
				}
				if hasControl(k) || hasControl(v) {
					ds.Add(diag.InvalidValue, tagsAt(), "tag %q of tenant %s contains a control character", k, t.ID).
						WithDetail("Tag names and values are printable text; remove the control character.")
					clean = false
					continue
				}
				tags = append(tags, model.Tag{Key: k, Value: v})
			}
			t.Tags = model.NewTags(tags)
			// Most rows repeat a few tag lists: remember those that read
			// without a problem (a problem is reported on every row).
			if clean && t.Tags != "" && len(tagsOf) < maxRepeated {
				tagsOf[strings.Clone(rec[i])] = t.Tags
			}
		}
		tenants = append(tenants, t)
		kept := &tenants[len(tenants)-1]
		if !idShared {
			text.keep(&kept.ID)
		}
		if !nameShared {
			text.keep(&kept.Name)
		}
		text.intern(&kept.Provider.ID)
		text.intern(&kept.LandingZone.ID)
		text.intern(&kept.Owner.ID)
		text.intern((*string)(&kept.Tags))
	}
	text.flush()
	f.Tenants = make([]*model.Tenant, len(tenants))
	for i := range tenants {
		f.Tenants[i] = &tenants[i]
	}
	return f
}

// textBlock gathers the strings a file's tenants keep into blocks of
// textChunk bytes, so they do not each hold on to the row the CSV reader
// read them from, nor each cost an allocation. Values that repeat
// (references, tag lists) are interned instead: stored once per file.
type textBlock struct {
	buf     []byte
	pending []pendingText // strings of buf, pointed at when it is flushed
	seen    map[string]string
}

type pendingText struct {
	dst        *string
	start, end int
}

const (
	// textChunk is the size of one block of kept text.
	textChunk = 64 << 10
	// maxRepeated bounds the distinct repeated values interned per file;
	// past it, values are kept like unique ones.
	maxRepeated = 10_000
)

// keep copies *dst into the block; dst must not move before flush.
func (b *textBlock) keep(dst *string) {
	s := *dst
	if s == "" {
		return
	}
	if len(b.buf) > 0 && len(b.buf)+len(s) > textChunk {
		b.flush()
	}
	b.pending = append(b.pending, pendingText{dst, len(b.buf), len(b.buf) + len(s)})
	b.buf = append(b.buf, s...)
}

// intern points *dst at the file's one copy of its value.
func (b *textBlock) intern(dst *string) {
	s := *dst
	if s == "" {
		return
	}
	if kept, ok := b.seen[s]; ok {
		*dst = kept
		return
	}
	if len(b.seen) >= maxRepeated {
		b.keep(dst)
		return
	}
	if b.seen == nil {
		b.seen = map[string]string{}
	}
	kept := strings.Clone(s)
	b.seen[kept] = kept
	*dst = kept
}

// flush points the pending strings into one string of the block so far.
func (b *textBlock) flush() {
	if len(b.pending) == 0 {
		return
	}
	all := string(b.buf)
	for _, p := range b.pending {
		*p.dst = all[p.start:p.end]
	}
	b.buf, b.pending = b.buf[:0], b.pending[:0]
}

// longestField returns the index and length of the longest field of rec.
func longestField(rec []string) (int, int) {
	at, n := 0, 0
	for i, f := range rec {
		if len(f) > n {
			at, n = i, len(f)
		}
	}
	return at, n
}

// columnName names column i for people: its header, or its number.
func columnName(header []string, i int) string {
	if i < len(header) && strings.TrimSpace(header[i]) != "" {
		return strings.TrimSpace(header[i])
	}
	return fmt.Sprintf("column %d", i+1)
}

// hasControl reports whether s contains a control character.
func hasControl(s string) bool { return strings.ContainsFunc(s, unicode.IsControl) }

func csvError(src *source, err error, ds *diag.Diagnostics) {
	var pe *csv.ParseError
	if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrQuote) {
		// The reader notices a quote that is never closed only at the end
		// of the file; the mistake is where the quote opened.
		if open, ok := unclosedQuote(src, pe.StartLine); ok {
			r := src.spanBytes(1, 1, 1)
			r.Start, r.End = src.posAtByte(open), src.posAtByte(open+1)
			ds.Add(diag.YAMLSyntax, r, "CSV syntax error: the quote opened on line %d is never closed", r.Start.Line).
				WithDetail("Close the quoted field with a double quote; a double quote inside a quoted field is written twice (\"\").")
			return
		}
	}
	if errors.As(err, &pe) {
		ds.Add(diag.YAMLSyntax, src.spanBytes(pe.Line, max(1, pe.Column), 1), "CSV syntax error: %v", pe.Err).
			WithDetail("Fix the row; quote fields that contain commas or quotes with double quotes.")
		return
	}
	ds.Add(diag.YAMLSyntax, src.whole(), "CSV syntax error: %v", err)
}

// unclosedQuote finds the opening quote of a quoted field that is never
// closed, in the record that starts on line start, as a byte offset.
func unclosedQuote(src *source, start int) (int, bool) {
	if start < 1 || start > len(src.lines) {
		return 0, false
	}
	data := src.data
	fieldStart := true
	for i := src.lines[start-1]; i < len(data); i++ {
		switch c := data[i]; {
		case fieldStart && c == '"':
			open := i
			for i++; ; i++ {
				if i >= len(data) {
					return open, true
				}
				if data[i] == '"' {
					if i+1 < len(data) && data[i+1] == '"' {
						i++
						continue
					}
					break
				}
			}
			fieldStart = false
		case c == ',' || c == '\n':
			fieldStart = true
		default:
			fieldStart = false
		}
	}
	return 0, false
}
