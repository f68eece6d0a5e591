package backstage

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/demarc-dev/demarc/model"
)

// maxCatalogFile bounds one catalog file read by the importer.
const maxCatalogFile = 64 << 20

// CatalogEntity is the part of a catalog entity the importer reads.
type CatalogEntity struct {
	Kind     string `yaml:"kind"`
	Metadata struct {
		Name        string            `yaml:"name"`
		Namespace   string            `yaml:"namespace"`
		Title       string            `yaml:"title"`
		Description string            `yaml:"description"`
		Annotations map[string]string `yaml:"annotations"`
	} `yaml:"metadata"`
	Spec struct {
		Type    string `yaml:"type"`
		Profile struct {
			DisplayName string `yaml:"displayName"`
			Email       string `yaml:"email"`
		} `yaml:"profile"`
		Parent   string   `yaml:"parent"`
		Members  []string `yaml:"members"`
		MemberOf []string `yaml:"memberOf"`
	} `yaml:"spec"`

	at string // file:line, for messages
}

// ReadCatalog reads the Group and User entities of a catalog file, or of
// every *.yaml and *.yml file below a folder, in path order. Other kinds
// are skipped. An error names the file and line.
func ReadCatalog(path string) ([]CatalogEntity, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	var files []string
	if info.IsDir() {
		err = filepath.WalkDir(path, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && p != path && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	} else {
		files = []string{path}
	}
	var out []CatalogEntity
	for _, f := range files {
		es, err := readFile(f)
		if err != nil {
			return nil, err
		}
		out = append(out, es...)
	}
	return out, nil
}

func readFile(name string) ([]CatalogEntity, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxCatalogFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxCatalogFile {
		return nil, fmt.Errorf("%s: larger than %d MiB; split the catalog", name, maxCatalogFile>>20)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var out []CatalogEntity
	for {
		var node yaml.Node
		if err := dec.Decode(&node); err != nil {
			if errors.Is(err, io.EOF) {
				return out, nil
			}
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if len(node.Content) == 0 {
			continue
		}
		var e CatalogEntity
		if err := node.Decode(&e); err != nil {
			return nil, fmt.Errorf("%s:%d:%d: not a catalog entity: %w", name, node.Line, node.Column, err)
		}
		e.at = fmt.Sprintf("%s:%d:%d", name, node.Content[0].Line, node.Content[0].Column)
		if e.Kind != "Group" && e.Kind != "User" {
			continue
		}
		if e.Metadata.Name == "" {
			return nil, fmt.Errorf("%s: a %s without metadata.name; give every entity a name", e.at, e.Kind)
		}
		out = append(out, e)
	}
}

// ImportedParty is a party as the import writes it. The fields the
// catalog holds (name, parent, contacts, members) are the catalog's on
// every import; every other field, such as kind, description,
// stakeholder or relations, is kept as it is written in the file.
type ImportedParty struct {
	ID       string          `yaml:"id"`
	Kind     string          `yaml:"kind"`
	Name     string          `yaml:"name"`
	Parent   string          `yaml:"parent,omitempty"`
	Contacts []model.Contact `yaml:"contacts,omitempty"`
	Members  []string        `yaml:"members,omitempty"`
	// Kept are the fields the import does not manage.
	Kept map[string]any `yaml:",inline"`
}

var invalidID = regexp.MustCompile(`[^a-z0-9._-]+`)

// partyID makes an entity name a model id: lower case, with the
// characters a model id cannot hold replaced.
func partyID(name string) string {
	id := strings.Trim(invalidID.ReplaceAllString(strings.ToLower(name), "-"), "-._")
	if id == "" {
		return "group"
	}
	return id
}

// refName is the name of an entity reference: "group:default/x" is "x".
func refName(ref string) string {
	if i := strings.IndexByte(ref, ':'); i >= 0 {
		ref = ref[i+1:]
	}
	if i := strings.LastIndexByte(ref, '/'); i >= 0 {
		ref = ref[i+1:]
	}
	return ref
}

var kinds = []string{string(model.KindFoundation), string(model.KindShared), string(model.KindApplication), string(model.KindExternal), string(model.KindProvider)}

// Import turns the catalog's Groups into parties, merged with previous,
// the parties of an earlier import: the catalog's fields replace theirs,
// their other fields stay. A party's kind is kept when written, else the
// demarc.dev/party-kind annotation, else spec.type when it is a kind,
// else application. The result is sorted by id, so a re-import of the
// same catalog writes the same bytes.
func Import(entities []CatalogEntity, previous []ImportedParty) ([]ImportedParty, error) {
	prev := map[string]ImportedParty{}
	for _, p := range previous {
		prev[p.ID] = p
	}
	users := map[string]CatalogEntity{}
	for _, e := range entities {
		if e.Kind == "User" {
			users[e.Metadata.Name] = e
		}
	}
	members := map[string][]string{} // group name → e-mails
	addMember := func(group, user string) {
		u, ok := users[user]
		if !ok || u.Spec.Profile.Email == "" {
			return
		}
		em := strings.ToLower(strings.TrimSpace(u.Spec.Profile.Email))
		if !slices.Contains(members[group], em) {
			members[group] = append(members[group], em)
		}
	}
	for _, u := range users {
		for _, g := range u.Spec.MemberOf {
			addMember(refName(g), u.Metadata.Name)
		}
	}
	seen := map[string]string{}
	var out []ImportedParty
	for _, e := range entities {
		if e.Kind != "Group" {
			continue
		}
		for _, m := range e.Spec.Members {
			addMember(e.Metadata.Name, refName(m))
		}
	}
	for _, e := range entities {
		if e.Kind != "Group" {
			continue
		}
		id := partyID(e.Metadata.Name)
		if at, dup := seen[id]; dup {
			return nil, fmt.Errorf("%s: Group %s is party %s, as is the Group at %s; rename one", e.at, e.Metadata.Name, id, at)
		}
		seen[id] = e.at
		p := prev[id]
		p.ID = id
		p.Name = oneLine(e.Spec.Profile.DisplayName)
		if p.Name == "" {
			p.Name = oneLine(e.Metadata.Title)
		}
		if p.Name == "" {
			p.Name = e.Metadata.Name
		}
		if p.Kind == "" {
			switch k := e.Metadata.Annotations[AnnotationKind]; {
			case slices.Contains(kinds, k):
				p.Kind = k
			case slices.Contains(kinds, e.Spec.Type):
				p.Kind = e.Spec.Type
			default:
				p.Kind = string(model.KindApplication)
			}
		}
		if d := strings.TrimSpace(e.Metadata.Description); d != "" && p.Kept["description"] == nil {
			if p.Kept == nil {
				p.Kept = map[string]any{}
			}
			p.Kept["description"] = d
		}
		p.Parent = ""
		if e.Spec.Parent != "" {
			p.Parent = partyID(refName(e.Spec.Parent))
		}
		p.Contacts = nil
		if em := strings.TrimSpace(e.Spec.Profile.Email); em != "" {
			p.Contacts = []model.Contact{{Name: p.Name, Email: em}}
		}
		p.Members = slices.Sorted(slices.Values(members[e.Metadata.Name]))
		for _, g := range strings.Split(e.Metadata.Annotations[AnnotationIdPGroups], ",") {
			if g = strings.TrimSpace(g); g != "" {
				p.Members = append(p.Members, "group:"+g)
			}
		}
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b ImportedParty) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// ImportHeader starts the file the import writes.
const ImportHeader = `# Parties imported from a Backstage catalog by demarc import backstage.
# Each import replaces name, parent, contacts and members from the catalog;
# every other field (kind, description, stakeholder, relations, ...) is
# yours to edit and is kept.
`

// ReadImported reads the parties of an earlier import's file; a file that
// does not exist has none.
func ReadImported(name string) ([]ImportedParty, error) {
	data, err := os.ReadFile(name)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var f struct {
		Parties []ImportedParty `yaml:"parties"`
	}
	if err := yaml.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("%s: %w; fix or remove the file, then import again", name, err)
	}
	return f.Parties, nil
}

// WriteImported writes parties as a model file.
func WriteImported(w io.Writer, parties []ImportedParty) error {
	if _, err := io.WriteString(w, ImportHeader); err != nil {
		return err
	}
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(struct {
		Parties []ImportedParty `yaml:"parties"`
	}{parties}); err != nil {
		return err
	}
	return enc.Close()
}
