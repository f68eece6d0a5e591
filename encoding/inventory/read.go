package inventory

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/model"
)

// ReadFile reads one inventory file of provider as a stream: however
// large the file, the reader holds one record and the bytes not yet
// decoded, so an import of 100,000 accounts does not keep the file in
// memory. It returns the accounts it could read and the problems found.
func ReadFile(path, provider string, lim Limits) ([]Account, diag.Diagnostics) {
	f, ds := openBounded(path, lim)
	if f == nil {
		return nil, ds
	}
	defer f.Close()
	accts, rds := readStream(path, provider, io.LimitReader(f, lim.MaxFileSize+1), lim)
	return accts, append(ds, rds...)
}

// openBounded opens path unless it is larger than the limit.
func openBounded(path string, lim Limits) (*os.File, diag.Diagnostics) {
	var ds diag.Diagnostics
	whole := diag.Range{Filename: path}
	f, err := os.Open(path)
	if err != nil {
		ds.Add(diag.UnreadableInput, whole, "cannot read inventory %s: %v", path, unwrap(err)).
			WithDetail("Give the JSON file the provider's CLI printed.")
		return nil, ds
	}
	if st, err := f.Stat(); err == nil && st.Size() > lim.MaxFileSize {
		f.Close()
		ds.Add(diag.InputLimit, whole, "inventory %s is larger than %d MiB", path, lim.MaxFileSize>>20).
			WithDetail("Split the listing into pages (the CLIs' --max-items / --page-size and --starting-token, or --first/--skip-token) and give every page.")
		return nil, ds
	}
	return f, ds
}

// ReadSource reads the bytes of an inventory file for the snippets of
// diagnostics, within the limit.
func ReadSource(path string, lim Limits) ([]byte, bool) {
	f, _ := openBounded(path, lim)
	if f == nil {
		return nil, false
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, lim.MaxFileSize))
	return data, err == nil
}

// Read reads the inventory data of provider, named name in diagnostics.
func Read(name, provider string, data []byte, lim Limits) ([]Account, diag.Diagnostics) {
	r := &reader{name: name, provider: provider, data: data, lim: lim}
	if !utf8.Valid(data) {
		r.errAt(firstInvalidUTF8(data), "", "%s is not UTF-8 text", r.file()).
			WithDetail("The providers' CLIs print UTF-8 JSON; export the inventory again without converting it.")
		return nil, r.ds
	}
	r.size = len(data)
	r.dec = json.NewDecoder(bytes.NewReader(data))
	r.walk()
	return r.accounts, r.ds
}

// readStream reads from in, keeping only a window of its bytes: those from
// the last position reported on (see rangeAt).
func readStream(name, provider string, in io.Reader, lim Limits) ([]Account, diag.Diagnostics) {
	r := &reader{name: name, provider: provider, lim: lim, stream: true}
	r.dec = json.NewDecoder(&windowReader{in: in, r: r})
	r.walk()
	if int64(r.size) > lim.MaxFileSize {
		r.ds = append(r.ds[:0], diag.Diagnostic{Code: diag.InputLimit, Severity: diag.InputLimit.DefaultSeverity(),
			Summary: fmt.Sprintf("inventory %s is larger than %d MiB", name, lim.MaxFileSize>>20), Subject: diag.Range{Filename: name}})
		return nil, r.ds
	}
	return r.accounts, r.ds
}

func (r *reader) walk() {
	r.dec.UseNumber()
	if err := r.document(); err != nil {
		r.jsonError(err, "")
	}
}

// windowReader passes the file to the JSON decoder and keeps what it
// passed in the reader's window.
type windowReader struct {
	in io.Reader
	r  *reader
}

func (w *windowReader) Read(p []byte) (int, error) {
	n, err := w.in.Read(p)
	w.r.data = append(w.r.data, p[:n]...)
	w.r.size += n
	return n, err
}

// reader walks one file token by token, decoding one record at a time.
type reader struct {
	name, provider string
	lim            Limits
	// data holds the bytes from offset base on: the whole input, or in a
	// stream the window from the last reported position to what the
	// decoder has read; size is the number of bytes read so far.
	data       []byte
	base, size int
	stream     bool
	dec        *json.Decoder
	accounts   []Account
	ds         diag.Diagnostics

	// The position cursor: records come in file order, so line and column
	// are counted forward from the previous position reported.
	line, col, at int
}

// recordKeys are the top-level keys that hold the records, per provider.
var recordKeys = map[string]string{
	"Accounts": AWS,   // aws organizations list-accounts
	"data":     Azure, // az graph query; Resource Graph REST
	"value":    Azure, // the subscriptions REST API
	"projects": GCP,   // Resource Manager v1 and v3 list responses
}

var shapeNames = map[string]string{
	AWS:   "an AWS Organizations list-accounts output",
	Azure: "an Azure Resource Graph or subscription list",
	GCP:   "a Google Cloud projects list",
}

func (r *reader) document() error {
	tok, err := r.dec.Token()
	if err != nil {
		return err
	}
	switch tok {
	case json.Delim('['):
		if err := r.records(""); err != nil {
			return err
		}
	case json.Delim('{'):
		found := false
		for r.dec.More() {
			kt, err := r.dec.Token()
			if err != nil {
				return err
			}
			key, _ := kt.(string)
			owner, isRecords := recordKeys[key]
			switch {
			case isRecords && owner == r.provider:
				found = true
				if err := r.expectArray(key); err != nil {
					return err
				}
				if err := r.records(key); err != nil {
					return err
				}
			case isRecords && r.recordsFor(key) && owner != r.provider:
				r.errAt(int(r.dec.InputOffset())-len(key)-2, key, "%s looks like %s, not %s", r.file(), shapeNames[owner], shapeNames[r.provider]).
					WithDetail("Import it as %s: demarc import tenants %s %s", owner, owner, r.name)
				return nil
			default:
				var skip json.RawMessage // NextToken, count, skip_token, …
				if err := r.dec.Decode(&skip); err != nil {
					return err
				}
			}
		}
		if _, err := r.dec.Token(); err != nil {
			return err
		}
		if !found {
			r.errAt(0, "", "%s holds no %q list", r.file(), wantedKey(r.provider)).
				WithDetail("Expected %s: %s.", shapeNames[r.provider], example[r.provider])
		}
	default:
		r.errAt(0, "", "%s is a JSON %s, not %s", r.file(), kindOf(tok), shapeNames[r.provider]).
			WithDetail("Expected %s: %s.", shapeNames[r.provider], example[r.provider])
		return nil
	}
	if _, err := r.dec.Token(); !errors.Is(err, io.EOF) {
		r.errAt(int(r.dec.InputOffset()), "", "%s has more after the end of the JSON document", r.file()).
			WithDetail("Give one JSON document per file; put further pages in files of their own.")
	}
	return nil
}

// recordsFor reports whether key names records in the providers' shapes
// (Azure's "value" and "data" are generic words; they only count for
// Azure).
func (r *reader) recordsFor(key string) bool {
	return key == "Accounts" || key == "projects" || r.provider != Azure
}

var example = map[string]string{
	AWS:   `{"Accounts": [{"Id": "111122223333", "Name": "…", "State": "ACTIVE", …}], "NextToken": …}`,
	Azure: `{"data": [{"subscriptionId": "…", "name": "…", "properties": {"state": "Enabled"}, …}]} or [{"id": "…", "name": "…", "state": "Enabled"}]`,
	GCP:   `[{"projectId": "…", "lifecycleState": "ACTIVE", "parent": {"type": "folder", "id": "…"}, …}] or {"projects": […]}`,
}

func wantedKey(provider string) string {
	for k, p := range recordKeys {
		if p == provider && k != "value" {
			return k
		}
	}
	return ""
}

func kindOf(tok json.Token) string {
	switch tok.(type) {
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "boolean"
	}
	return "null"
}

func (r *reader) expectArray(key string) error {
	at := int(r.dec.InputOffset())
	tok, err := r.dec.Token()
	if err != nil {
		return err
	}
	if tok != json.Delim('[') {
		r.errAt(at, key, "%s: %q is not a list", r.file(), key)
		return errStop
	}
	return nil
}

// errStop ends the walk after a reported problem.
var errStop = errors.New("stop")

// records decodes the elements of the array just opened.
func (r *reader) records(prefix string) error {
	for i := 0; r.dec.More(); i++ {
		start := r.skipSpace(int(r.dec.InputOffset()))
		path := prefix + "[" + strconv.Itoa(i) + "]"
		var a Account
		ok := false
		var err error
		switch r.provider {
		case AWS:
			ok, err = r.aws(&a, path, start)
		case Azure:
			ok, err = r.azure(&a, path, start)
		case GCP:
			ok, err = r.gcp(&a, path, start)
		default:
			return fmt.Errorf("unknown provider %q", r.provider)
		}
		if err != nil {
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) {
				r.errAt(start+int(te.Offset), path+"."+te.Field, "%s is a JSON %s, not a %s", path+"."+te.Field, te.Value, te.Type)
				continue
			}
			return err
		}
		if ok {
			a.Provider, a.Path = r.provider, path
			a.Pos = r.idRange(start, int(r.dec.InputOffset()), a.idText)
			a.idText = ""
			r.accounts = append(r.accounts, a)
		}
	}
	_, err := r.dec.Token() // ]
	return err
}

func (r *reader) skipSpace(off int) int {
	for off-r.base < len(r.data) && off >= r.base && strings.IndexByte(" \t\r\n,", r.data[off-r.base]) >= 0 {
		off++
	}
	return off
}

// text checks a name, e-mail or tag: bounded and without control
// characters. A bad value is reported; the record is kept with the value
// cleaned (or emptied), so a check still sees the account, and the error
// stops an import.
func (r *reader) text(s, path string, start int) string {
	if len(s) > r.lim.MaxValue {
		r.errAt(start, path, "%s is %d bytes long; demarc accepts %d", path, len(s), r.lim.MaxValue).
			WithDetail("No provider allows values this long; the file is damaged or was not printed by the provider's CLI.")
		return ""
	}
	if strings.ContainsFunc(s, unicode.IsControl) {
		r.errAt(start, path, "%s contains a control character", path).
			WithDetail("Names and tags are printable text; correct the value in the cloud, or the file.")
		return strings.Map(func(c rune) rune {
			if unicode.IsControl(c) {
				return '\uFFFD'
			}
			return c
		}, s)
	}
	return s
}

// tags checks and keeps an account's tags.
func (r *reader) tags(a *Account, tags []model.Tag, path string, start int) {
	if len(tags) > r.lim.MaxTags {
		r.errAt(start, path, "%s has %d tags; demarc accepts %d", path, len(tags), r.lim.MaxTags)
		return
	}
	for i := range tags {
		at := path + "[" + strconv.Itoa(i) + "]"
		tags[i].Key = r.text(tags[i].Key, at+".Key", start)
		tags[i].Value = r.text(tags[i].Value, at+".Value", start)
	}
	a.Tags = model.NewTags(tags)
}

// labels turns a JSON object of tags (Azure, GCP) into sorted tags; the
// path of a bad one names its key.
func (r *reader) labels(a *Account, m map[string]string, path string, start int) {
	if len(m) > r.lim.MaxTags {
		r.errAt(start, path, "%s has %d tags; demarc accepts %d", path, len(m), r.lim.MaxTags)
		return
	}
	tags := make([]model.Tag, 0, len(m))
	for k, v := range m {
		at := path + "[" + strconv.Quote(k) + "]"
		tags = append(tags, model.Tag{Key: r.text(k, at, start), Value: r.text(v, at, start)})
	}
	a.Tags = model.NewTags(tags)
}

// idRange is where the record between start and end writes its id, so
// a diagnostic shows the line that names the account; the record's start
// when the id is written with escapes.
func (r *reader) idRange(start, end int, id string) diag.Range {
	end = min(end, r.base+len(r.data))
	if id != "" && r.base <= start && start <= end {
		quoted := `"` + id + `"`
		if i := bytes.Index(r.data[start-r.base:end-r.base], []byte(quoted)); i >= 0 {
			return r.rangeAt(start+i+1, len(id))
		}
	}
	return r.rangeAt(start, 1)
}

// errAt reports a DM701 at byte offset off.
func (r *reader) errAt(off int, path, format string, args ...any) *diag.Diagnostic {
	return r.ds.Add(diag.InvalidInventory, r.rangeAt(max(off, 0), 1), format, args...).WithPath(path)
}

func (r *reader) jsonError(err error, path string) {
	if errors.Is(err, errStop) {
		return
	}
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		r.errAt(int(se.Offset)-1, path, "%s is not valid JSON: %v", r.file(), se).
			WithDetail("Export the inventory again with the provider's CLI, with JSON output.")
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		r.errAt(r.size, path, "%s ends in the middle of the JSON document", r.file()).
			WithDetail("The file is truncated; export the inventory again.")
	default:
		r.errAt(int(r.dec.InputOffset()), path, "%s: %v", r.file(), err)
	}
}

// rangeAt is the range of n bytes at off. The cursor only moves forward;
// in a stream the bytes before it are dropped, and an earlier offset (which
// the readers do not ask for) gets no line.
func (r *reader) rangeAt(off, n int) diag.Range {
	off = max(min(off, r.base+len(r.data)), 0)
	if off < r.at {
		if r.stream {
			return diag.Range{Filename: r.name}
		}
		r.line, r.col, r.at = 1, 1, 0
	}
	if r.line == 0 {
		r.line, r.col = 1, 1
	}
	for _, c := range r.data[r.at-r.base : off-r.base] {
		switch {
		case c == '\n':
			r.line, r.col = r.line+1, 1
		case utf8.RuneStart(c):
			r.col++
		}
	}
	r.at = off
	end := min(off+n, r.base+len(r.data))
	rg := diag.Range{
		Filename: r.name,
		Start:    diag.Pos{Line: r.line, Column: r.col, Byte: off},
		End:      diag.Pos{Line: r.line, Column: r.col + utf8.RuneCount(r.data[off-r.base:end-r.base]), Byte: end},
	}
	if r.stream && r.at-r.base > 1<<20 {
		drop := r.at - r.base
		r.data = append(r.data[:0], r.data[drop:]...)
		r.base += drop
	}
	return rg
}

func unwrap(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		c, n := utf8.DecodeRune(b[i:])
		if c == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// short keeps a value shown in a message readable, however long it is.
func short(s string) string {
	if len(s) <= 64 {
		return s
	}
	cut := 60
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// base is the file's name without its folder, for messages (the
// diagnostic's range gives the whole path).
func (r *reader) file() string { return filepath.Base(r.name) }
