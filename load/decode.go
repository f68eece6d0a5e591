package load

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/model"
)

// decoder turns a yaml.Node tree into model values, reporting every unknown
// key, wrong type, missing field and invalid enumeration value it meets.
type decoder struct {
	src    *source
	diags  *diag.Diagnostics
	budget int // nodes left to visit; bounds alias expansion
	over   bool
	// maxText is the longest text value accepted, in bytes.
	maxText int
}

var (
	refType   = reflect.TypeOf(model.Ref{})
	refsType  = reflect.TypeOf(model.Refs{})
	dateType  = reflect.TypeOf(model.Date{})
	rangeType = reflect.TypeOf(diag.Range{})
	spanType  = reflect.TypeOf(model.Span{})
	tRefType  = reflect.TypeOf(model.TenantRef{})
	strType   = reflect.TypeOf("")
	sideType  = reflect.TypeOf(model.SideCustomer)
	tagsType  = reflect.TypeOf(model.Tags(""))
	sides     = []string{string(model.SideProvider), string(model.SideCustomer), string(model.SideShared)}
)

// fieldInfo is what the decoder knows about one struct field, read once per
// type from its tags.
type fieldInfo struct {
	name     string // YAML key
	index    int
	required bool
	enum     []string
	posOf    string // for diag.Range fields: "" = the mapping itself, else a key
	keyPosOf string // for map[string]diag.Range fields: the map key whose key ranges to record
	isPos    bool
	isFile   bool // a string field tagged pos:"file": the name of the file
}

type structInfo struct {
	fields []fieldInfo
	byName map[string]int // YAML key → index into fields
	names  []string
}

var structCache sync.Map // reflect.Type → *structInfo

func infoOf(t reflect.Type) *structInfo {
	if v, ok := structCache.Load(t); ok {
		return v.(*structInfo)
	}
	si := &structInfo{byName: map[string]int{}}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("yaml")
		name, _, _ := strings.Cut(tag, ",")
		fi := fieldInfo{name: name, index: i}
		if name == "-" {
			switch {
			case f.Type == rangeType || f.Type == spanType:
				fi.isPos, fi.posOf = true, f.Tag.Get("pos")
			case f.Type == strType && f.Tag.Get("pos") == "file":
				fi.isFile = true
			case f.Tag.Get("keypos") != "":
				fi.isPos, fi.keyPosOf = true, f.Tag.Get("keypos")
			default:
				continue
			}
			si.fields = append(si.fields, fi)
			continue
		}
		for _, part := range strings.Split(f.Tag.Get("jsonschema"), ",") {
			switch {
			case part == "required":
				fi.required = true
			case strings.HasPrefix(part, "enum="):
				fi.enum = append(fi.enum, strings.TrimPrefix(part, "enum="))
			}
		}
		si.byName[name] = len(si.fields)
		si.names = append(si.names, name)
		si.fields = append(si.fields, fi)
	}
	structCache.Store(t, si)
	return si
}

// rng returns the source range of a node: its first token, as far as the
// token reaches on its line.
func (d *decoder) rng(n *yaml.Node) diag.Range {
	length := 1
	if n.Kind == yaml.ScalarNode || n.Kind == yaml.AliasNode {
		length = utf8.RuneCountInString(n.Value)
		switch n.Style {
		case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
			length = d.quotedLength(n)
		case yaml.LiteralStyle, yaml.FoldedStyle:
			length = 1
		}
		if n.Kind == yaml.AliasNode {
			length++ // the '*'
		}
		if length == 0 {
			length = 1
		}
	}
	return d.src.span(n.Line, n.Column, length)
}

// quotedLength measures a quoted scalar in the source, quotes included.
func (d *decoder) quotedLength(n *yaml.Node) int {
	text := d.src.lineText(n.Line)
	start := d.src.pos(n.Line, n.Column).Byte - d.src.lines[min(n.Line, len(d.src.lines))-1]
	if start < 0 || start >= len(text) {
		return 1
	}
	q := text[start]
	for i := start + 1; i < len(text); i++ {
		if text[i] == '\\' && q == '"' {
			i++
			continue
		}
		if text[i] == q {
			if q == '\'' && i+1 < len(text) && text[i+1] == '\'' {
				i++
				continue
			}
			return utf8.RuneCount(text[start : i+1])
		}
	}
	return utf8.RuneCount(text[start:])
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!int", "!!float":
			return "a number"
		case "!!bool":
			return "a boolean"
		case "!!null":
			return "null"
		}
		return fmt.Sprintf("the text %q", truncate(n.Value, 40))
	}
	return "an unexpected node"
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// resolveAlias follows aliases, spending budget so alias bombs stop early.
func (d *decoder) resolveAlias(n *yaml.Node) *yaml.Node {
	for depth := 0; n != nil && n.Kind == yaml.AliasNode; depth++ {
		if depth > 100 {
			return nil
		}
		n = n.Alias
	}
	return n
}

func (d *decoder) spend(n *yaml.Node) bool {
	if d.over {
		return false
	}
	d.budget--
	if d.budget < 0 {
		d.over = true
		d.diags.Add(diag.InputLimit, d.rng(n), "too many YAML nodes after expanding aliases in %s", d.src.name).
			WithDetail("The file expands to more nodes than the limit allows; this is how \"billion laughs\" alias bombs work. Remove the repeated aliases, or split the file.")
		return false
	}
	return true
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" && (n.Value == "" || n.Value == "~" || strings.EqualFold(n.Value, "null"))
}

// decode stores node n into v (settable), reporting problems at path.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string, enum []string) {
	if !d.spend(n) {
		return
	}
	orig := n
	if n = d.resolveAlias(n); n == nil {
		d.diags.Add(diag.InputLimit, d.rng(orig), "alias chain too long at %s", path)
		return
	}
	if isNull(n) {
		return
	}
	t := v.Type()
	switch t {
	case refType:
		if s, ok := d.scalar(n, path, "an id"); ok {
			v.Set(reflect.ValueOf(model.Ref{ID: s, Range: d.rng(n)}))
		}
		return
	case tRefType:
		if s, ok := d.scalar(n, path, "an id"); ok {
			v.Set(reflect.ValueOf(model.TenantRef{ID: s, At: model.SpanOf(d.rng(n))}))
		}
		return
	case refsType:
		var refs model.Refs
		if n.Kind == yaml.SequenceNode {
			for i, item := range n.Content {
				if !d.spend(item) {
					return
				}
				if item = d.resolveAlias(item); item == nil || isNull(item) {
					continue
				}
				if s, ok := d.scalar(item, fmt.Sprintf("%s[%d]", path, i), "an id"); ok {
					refs = append(refs, model.Ref{ID: s, Range: d.rng(item)})
				}
			}
		} else if s, ok := d.scalar(n, path, "an id or a list of ids"); ok {
			refs = model.Refs{{ID: s, Range: d.rng(n)}}
		}
		v.Set(reflect.ValueOf(refs))
		return
	case dateType:
		s, ok := d.scalar(n, path, "a date (YYYY-MM-DD)")
		if !ok {
			return
		}
		tm, err := time.Parse(time.DateOnly, s)
		if err != nil {
			d.diags.Add(diag.WrongType, d.rng(n), "%s: expected a date written YYYY-MM-DD, got %q", path, truncate(s, 40)).WithPath(path)
			return
		}
		v.Set(reflect.ValueOf(model.Date{Time: tm}))
		return
	case tagsType:
		if n.Kind != yaml.MappingNode {
			d.diags.Add(diag.WrongType, d.rng(n), "%s: expected a mapping of tag names to values, got %s", path, kindName(n)).WithPath(path)
			return
		}
		var tags []model.Tag
		d.eachPair(n, path, func(k, val *yaml.Node, key string) {
			if len(key) > d.maxText {
				textTooLong(d.diags, d.rng(k), "a tag name in "+path, len(key), d.maxText).WithPath(path)
				return
			}
			s, ok := d.scalar(d.resolveAlias(val), path+"."+truncate(key, 40), "a string")
			if !ok {
				return
			}
			if hasControl(key) || hasControl(s) {
				d.diags.Add(diag.InvalidValue, d.rng(k), "%s.%s: a tag name or value contains a control character", path, key).WithPath(path + "." + key).
					WithDetail("Tag names and values are printable text; remove the control character.")
				return
			}
			tags = append(tags, model.Tag{Key: key, Value: s})
		})
		v.Set(reflect.ValueOf(model.NewTags(tags)))
		return
	}
	if t == sideType && len(enum) == 0 {
		enum = sides // border values inside maps carry no field tag
	}
	switch t.Kind() {
	case reflect.String:
		s, ok := d.scalar(n, path, "a string")
		if !ok {
			return
		}
		if len(enum) > 0 && !contains(enum, s) {
			dg := d.diags.Add(diag.InvalidValue, d.rng(n), "%s: %q is not one of %s", path, truncate(s, 40), strings.Join(enum, ", ")).WithPath(path)
			if sug := diag.DidYouMean(s, enum); sug != "" {
				dg.WithSuggestion(sug)
			}
			return
		}
		v.SetString(s)
	case reflect.Int:
		s, ok := d.scalar(n, path, "a whole number")
		if !ok {
			return
		}
		i, err := strconv.Atoi(s)
		if err != nil {
			d.diags.Add(diag.WrongType, d.rng(n), "%s: expected a whole number, got %s", path, kindName(n)).WithPath(path)
			return
		}
		v.SetInt(int64(i))
	case reflect.Bool:
		s, ok := d.scalar(n, path, "true or false")
		if !ok {
			return
		}
		switch s {
		case "true", "True", "TRUE":
			v.SetBool(true)
		case "false", "False", "FALSE":
			v.SetBool(false)
		default:
			d.diags.Add(diag.WrongType, d.rng(n), "%s: expected true or false, got %s", path, kindName(n)).WithPath(path)
		}
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.diags.Add(diag.WrongType, d.rng(n), "%s: expected a list, got %s", path, kindName(n)).WithPath(path)
			return
		}
		out := reflect.MakeSlice(t, 0, len(n.Content))
		for i, item := range n.Content {
			elem := reflect.New(t.Elem()).Elem()
			d.decode(item, elem, fmt.Sprintf("%s[%d]", path, i), enum)
			if d.over {
				return
			}
			if t.Elem().Kind() == reflect.Pointer && elem.IsNil() {
				continue // a null list item
			}
			out = reflect.Append(out, elem)
		}
		v.Set(out)
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			d.diags.Add(diag.WrongType, d.rng(n), "%s: expected a mapping, got %s", path, kindName(n)).WithPath(path)
			return
		}
		m := reflect.MakeMapWithSize(t, len(n.Content)/2)
		d.eachPair(n, path, func(k, val *yaml.Node, key string) {
			elem := reflect.New(t.Elem()).Elem()
			d.decode(val, elem, path+"."+key, enum)
			m.SetMapIndex(reflect.ValueOf(key), elem)
		})
		v.Set(m)
	case reflect.Pointer:
		p := reflect.New(t.Elem())
		d.decode(n, p.Elem(), path, enum)
		v.Set(p)
	case reflect.Struct:
		d.decodeStruct(n, v, path)
	default:
		panic("load: unsupported field type " + t.String())
	}
}

// scalar returns the text of a scalar node, or reports a wrong type.
func (d *decoder) scalar(n *yaml.Node, path, want string) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		d.diags.Add(diag.WrongType, d.rng(n), "%s: expected %s, got %s", path, want, kindName(n)).WithPath(path)
		return "", false
	}
	if len(n.Value) > d.maxText {
		textTooLong(d.diags, d.rng(n), "the text of "+displayPath(path), len(n.Value), d.maxText).WithPath(path)
		return "", false
	}
	return n.Value, true
}

// eachPair calls fn for every key/value pair of a mapping, expanding merge
// keys (<<) first so explicit keys win, and reporting duplicate keys.
func (d *decoder) eachPair(n *yaml.Node, path string, fn func(k, v *yaml.Node, key string)) {
	seen := make(map[string]*yaml.Node, len(n.Content)/2)
	var merged []*yaml.Node // pairs from merge keys
	visited := map[*yaml.Node]bool{}
	var walkMerge func(m *yaml.Node, depth int)
	walkMerge = func(m *yaml.Node, depth int) {
		if depth > 32 || !d.spend(m) {
			return
		}
		m = d.resolveAlias(m)
		// Each merged node is read once: aliases repeated in merge lists
		// add nothing but are how merge-key alias bombs multiply.
		if m == nil || visited[m] {
			return
		}
		visited[m] = true
		switch m.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(m.Content); i += 2 {
				if m.Content[i].Value == "<<" && m.Content[i].ShortTag() == "!!merge" {
					walkMerge(m.Content[i+1], depth+1)
					continue
				}
				merged = append(merged, m.Content[i], m.Content[i+1])
			}
		case yaml.SequenceNode:
			for _, item := range m.Content {
				walkMerge(item, depth+1)
			}
		default:
			d.diags.Add(diag.WrongType, d.rng(m), "%s: a merge key (<<) needs a mapping or a list of mappings, got %s", path, kindName(m))
		}
	}
	var explicit []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind == yaml.ScalarNode && k.Value == "<<" && k.ShortTag() == "!!merge" {
			walkMerge(n.Content[i+1], 0)
			continue
		}
		explicit = append(explicit, k, n.Content[i+1])
	}
	emit := func(k, v *yaml.Node, isMerged bool) {
		if d.over {
			return
		}
		k = d.resolveAlias(k)
		if k == nil {
			return
		}
		if k.Kind != yaml.ScalarNode {
			d.diags.Add(diag.WrongType, d.rng(k), "%s: mapping keys must be plain text, got %s", path, kindName(k)).WithPath(path)
			return
		}
		if prev, dup := seen[k.Value]; dup {
			if isMerged {
				return
			}
			d.diags.Add(diag.YAMLSyntax, d.rng(k), "%s: key %q appears twice in the same mapping", path, truncate(k.Value, 40)).
				WithPath(path).WithRelated("first written here", d.rng(prev)).
				WithDetail("YAML keeps only one of them, so one value would be silently lost. Remove or merge the duplicate.")
			return
		}
		seen[k.Value] = k
		fn(k, v, k.Value)
	}
	for i := 0; i+1 < len(explicit); i += 2 {
		emit(explicit[i], explicit[i+1], false)
	}
	for i := 0; i+1 < len(merged); i += 2 {
		emit(merged[i], merged[i+1], true)
	}
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.diags.Add(diag.WrongType, d.rng(n), "%s: expected a mapping, got %s", displayPath(path), kindName(n)).WithPath(path)
		return
	}
	si := infoOf(v.Type())
	present := make([]bool, len(si.fields))
	for _, f := range si.fields {
		switch {
		case f.isFile:
			v.Field(f.index).SetString(d.src.name)
		case f.isPos && f.posOf == "" && f.keyPosOf == "":
			setPos(v.Field(f.index), d.rng(n))
		}
	}
	d.eachPair(n, path, func(k, val *yaml.Node, key string) {
		idx, ok := si.byName[key]
		if !ok {
			dg := d.diags.Add(diag.UnknownKey, d.rng(k), "unknown key %q in %s", truncate(key, 40), displayPath(path)).WithPath(path)
			if sug := diag.DidYouMean(key, si.names); sug != "" {
				dg.WithSuggestion(sug)
			} else {
				dg.WithDetail("Allowed keys here: %s.", strings.Join(si.names, ", "))
			}
			return
		}
		f := si.fields[idx]
		present[idx] = !isNull(val)
		d.decode(val, v.Field(f.index), joinPath(path, key), f.enum)
		for _, pf := range si.fields {
			switch {
			case pf.isPos && pf.posOf == key:
				setPos(v.Field(pf.index), d.rng(val))
			case pf.isPos && pf.keyPosOf == key && val.Kind == yaml.MappingNode:
				m := map[string]diag.Range{}
				for i := 0; i+1 < len(val.Content); i += 2 {
					m[val.Content[i].Value] = d.rng(val.Content[i])
				}
				v.Field(pf.index).Set(reflect.ValueOf(m))
			}
		}
	})
	for i, f := range si.fields {
		if f.required && !present[i] && !d.over {
			d.diags.Add(diag.MissingRequired, d.rng(n), "%s is missing the required key %q", displayPath(path), f.name).WithPath(path)
		}
	}
}

// setPos stores r into a diag.Range or model.Span field.
func setPos(v reflect.Value, r diag.Range) {
	if v.Type() == spanType {
		v.Set(reflect.ValueOf(model.SpanOf(r)))
		return
	}
	v.Set(reflect.ValueOf(r))
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func displayPath(path string) string {
	if path == "" {
		return "the file"
	}
	return path
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
