package starter

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/template"
	"time"
	"unicode"

	"github.com/demarc-dev/demarc/baseline"
	"github.com/demarc-dev/demarc/schema"
)

// SchemaURL is the JSON Schema the generated YAML files point editors at,
// through a yaml-language-server comment on their first line. Write puts a
// copy of the schema there, so editors check files offline and against the
// version of demarc that wrote them (hidden folders are not model files).
const SchemaURL = ".demarc/model.schema.json"

// Options choose what the starter model contains.
type Options struct {
	// Providers are the built-in baselines to use (aws, azure, gcp).
	// Empty means all of them.
	Providers []string
	// Organisation is the organisation's name. Empty means "Example Corp".
	Organisation string
	// Today is the date recorded as the decision and approval date of the
	// starter rules; their review is due a year later. Zero means the
	// current date.
	Today time.Time
}

// DefaultOrganisation is the organisation name used when none is given.
const DefaultOrganisation = "Example Corp"

//go:embed templates
var templates embed.FS

// Files lists the files Write creates, in the order it writes them.
var Files = []string{
	"organisation.yaml",
	"parties.yaml",
	"activities.yaml",
	"landing-zones.yaml",
	"rules.yaml",
	"tenants.csv",
	"README.md",
}

// data is what the templates see.
type data struct {
	Organisation string
	Providers    []string
	AWS          bool
	Azure        bool
	GCP          bool
	Today        string
	ReviewBy     string
	SchemaURL    string
}

// Write creates the starter model in dir. The directory is created when it
// does not exist; an existing directory must be empty, so Write never
// overwrites anyone's work.
func Write(dir string, opts Options) error {
	d, err := newData(opts)
	if err != nil {
		return err
	}
	out, err := render(d)
	if err != nil {
		return err
	}
	if err := prepareDir(dir); err != nil {
		return err
	}
	for _, name := range Files {
		if err := os.WriteFile(filepath.Join(dir, name), out[name], 0o644); err != nil {
			return fmt.Errorf("writing starter model: %w", err)
		}
	}
	js, err := schema.Model()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(SchemaURL)), 0o755); err != nil {
		return fmt.Errorf("writing starter model: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, SchemaURL), js, 0o644); err != nil {
		return fmt.Errorf("writing starter model: %w", err)
	}
	return nil
}

func newData(opts Options) (*data, error) {
	valid := baseline.Names()
	providers := opts.Providers
	if len(providers) == 0 {
		providers = valid
	}
	var chosen []string
	for _, p := range providers {
		p = strings.ToLower(strings.TrimSpace(p))
		if !slices.Contains(valid, p) {
			return nil, fmt.Errorf("unknown provider %q: choose from %s", p, strings.Join(valid, ", "))
		}
		if !slices.Contains(chosen, p) {
			chosen = append(chosen, p)
		}
	}
	slices.Sort(chosen)
	org := strings.TrimSpace(opts.Organisation)
	if org == "" {
		org = DefaultOrganisation
	}
	if strings.ContainsFunc(org, unicode.IsControl) {
		return nil, fmt.Errorf("organisation name %q must be a single line of text", org)
	}
	today := opts.Today
	if today.IsZero() {
		today = time.Now()
	}
	today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	return &data{
		Organisation: org,
		Providers:    chosen,
		AWS:          slices.Contains(chosen, "aws"),
		Azure:        slices.Contains(chosen, "azure"),
		GCP:          slices.Contains(chosen, "gcp"),
		Today:        today.Format(time.DateOnly),
		ReviewBy:     today.AddDate(1, 0, 0).Format(time.DateOnly),
		SchemaURL:    SchemaURL,
	}, nil
}

var funcs = template.FuncMap{
	// quote writes s as a double-quoted scalar; JSON strings are valid YAML.
	"quote": func(s string) string {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(s)
		return strings.TrimSuffix(b.String(), "\n")
	},
	"join": strings.Join,
	// agreed bundles the data and the approving parties for the "agreed"
	// template, which writes a rule's status, dates and approvals.
	"agreed": func(d *data, parties ...string) (*approval, error) {
		for _, p := range parties {
			if approvers[p] == "" {
				return nil, fmt.Errorf("no approver for party %q", p)
			}
		}
		return &approval{D: d, Parties: parties}, nil
	},
	"approver": func(party string) string { return approvers[party] },
}

type approval struct {
	D       *data
	Parties []string
}

// approvers are the example people who approve decisions for each party.
var approvers = map[string]string{
	"cio-office":       "Chief Information Officer <cio@example.com>",
	"cloud-foundation": "Head of Cloud Foundation <cloud-foundation-lead@example.com>",
	"it-security":      "Chief Information Security Officer <ciso@example.com>",
	"iam-team":         "IAM Team Lead <iam-lead@example.com>",
	"network-team":     "Head of Network <network-lead@example.com>",
	"it-operations":    "Head of IT Operations <it-operations-lead@example.com>",
	"finops":           "FinOps Lead <finops-lead@example.com>",
	"grc":              "Head of GRC <grc-lead@example.com>",
}

// render executes every template.
func render(d *data) (map[string][]byte, error) {
	t, err := template.New("starter").Funcs(funcs).Option("missingkey=error").ParseFS(templates, "templates/*.tmpl")
	if err != nil {
		return nil, fmt.Errorf("starter templates: %w", err)
	}
	out := make(map[string][]byte, len(Files))
	for _, name := range Files {
		var b bytes.Buffer
		if err := t.ExecuteTemplate(&b, name+".tmpl", d); err != nil {
			return nil, fmt.Errorf("starter template %s: %w", name, err)
		}
		out[name] = b.Bytes()
	}
	return out, nil
}

// prepareDir makes sure dir exists and is empty.
func prepareDir(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("creating %s: %w", dir, unwrap(err))
		}
		return nil
	case err != nil:
		return fmt.Errorf("cannot use %s for the starter model: %w", dir, unwrap(err))
	case len(entries) > 0:
		return fmt.Errorf("%s is not empty (it holds %d entries, e.g. %s); choose a new or empty directory so no existing file is overwritten",
			dir, len(entries), entries[0].Name())
	}
	return nil
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
