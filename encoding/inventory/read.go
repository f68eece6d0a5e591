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

// ReadFile reads one inventory file of provider. It returns the accounts
// it could read, the file's bytes (for snippets) and the problems found.
func ReadFile(path, provider string, lim Limits) ([]Account, []byte, diag.Diagnostics) {
	data, ds := readBounded(path, lim)
	if data == nil {
		return nil, nil, ds
	}
	accts, rds := Read(path, provider, data, lim)
	return accts, data, append(ds, rds...)
}

// readBounded reads path unless it is larger than the limit.
func readBounded(path string, lim Limits) ([]byte, diag.Diagnostics) {
	var ds diag.Diagnostics
	whole := diag.Range{Filename: path}
	f, err := os.Open(path)
	if err != nil {
		ds.Add(diag.UnreadableInput, whole, "cannot read inventory %s: %v", path, unwrap(err)).
			WithDetail("Give the JSON file the provider's CLI printed.")
		return nil, ds
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, lim.MaxFileSize+1))
	if err != nil {
		ds.Add(diag.UnreadableInput, whole, "cannot read inventory %s: %v", path, unwrap(err))
		return nil, ds
	}
	if int64(len(data)) > lim.MaxFileSize {
		ds.Add(diag.InputLimit, whole, "inventory %s is larger than %d MiB", path, lim.MaxFileSize>>20).
			WithDetail("Split the listing into pages (the CLIs' --max-items / --page-size and --starting-token, or --first/--skip-token) and give every page.")
		return nil, ds
	}
	if data == nil {
		data = []byte{}
	}
	return data, ds
}

// Read reads the inventory data of provider, named name in diagnostics.
func Read(name, provider string, data []byte, lim Limits) ([]Account, diag.Diagnostics) {
	r := &reader{name: name, provider: provider, data: data, lim: lim}
	if !utf8.Valid(data) {
		r.errAt(firstInvalidUTF8(data), "", "%s is not UTF-8 text", name).
			WithDetail("The providers' CLIs print UTF-8 JSON; export the inventory again without converting it.")
		return nil, r.ds
	}
	r.dec = json.NewDecoder(bytes.NewReader(data))
	r.dec.UseNumber()
	if err := r.document(); err != nil {
		r.jsonError(err, "")
	}
	return r.accounts, r.ds
}

// reader walks one file token by token, decoding one record at a time.
type reader struct {
	name, provider string
	data           []byte
	lim            Limits
	dec            *json.Decoder
	accounts       []Account
	ds             diag.Diagnostics

	// The position cursor: records come in file order, so line and column
	// are counted forward from the previous record.
	line, lineStart, at int
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
				r.errAt(int(r.dec.InputOffset())-len(key)-2, key, "%s looks like %s, not %s", r.base(), shapeNames[owner], shapeNames[r.provider]).
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
			r.errAt(0, "", "%s holds no %q list", r.base(), wantedKey(r.provider)).
				WithDetail("Expected %s: %s.", shapeNames[r.provider], example[r.provider])
		}
	default:
		r.errAt(0, "", "%s is a JSON %s, not %s", r.base(), kindOf(tok), shapeNames[r.provider]).
			WithDetail("Expected %s: %s.", shapeNames[r.provider], example[r.provider])
		return nil
	}
	if _, err := r.dec.Token(); !errors.Is(err, io.EOF) {
		r.errAt(int(r.dec.InputOffset()), "", "%s has more after the end of the JSON document", r.base()).
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
		r.errAt(at, key, "%s: %q is not a list", r.base(), key)
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
	for off < len(r.data) && strings.IndexByte(" \t\r\n,", r.data[off]) >= 0 {
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
	end = min(end, len(r.data))
	if id != "" && start <= end {
		quoted := `"` + id + `"`
		if i := bytes.Index(r.data[start:end], []byte(quoted)); i >= 0 {
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
		r.errAt(int(se.Offset)-1, path, "%s is not valid JSON: %v", r.base(), se).
			WithDetail("Export the inventory again with the provider's CLI, with JSON output.")
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		r.errAt(len(r.data), path, "%s ends in the middle of the JSON document", r.base()).
			WithDetail("The file is truncated; export the inventory again.")
	default:
		r.errAt(int(r.dec.InputOffset()), path, "%s: %v", r.base(), err)
	}
}

// rangeAt is the range of n bytes at off; the cursor only moves forward,
// and restarts from the top for an earlier offset.
func (r *reader) rangeAt(off, n int) diag.Range {
	off = min(off, len(r.data))
	if off < r.at {
		r.line, r.lineStart, r.at = 0, 0, 0
	}
	if r.line == 0 {
		r.line = 1
	}
	for {
		nl := bytes.IndexByte(r.data[r.at:off], '\n')
		if nl < 0 {
			break
		}
		r.line++
		r.at += nl + 1
		r.lineStart = r.at
	}
	r.at = off
	col := utf8.RuneCount(r.data[r.lineStart:off]) + 1
	end := min(off+n, len(r.data))
	return diag.Range{
		Filename: r.name,
		Start:    diag.Pos{Line: r.line, Column: col, Byte: off},
		End:      diag.Pos{Line: r.line, Column: col + utf8.RuneCount(r.data[off:end]), Byte: end},
	}
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
func (r *reader) base() string { return filepath.Base(r.name) }
