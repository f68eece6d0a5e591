package mcsb

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// BuiltinServices maps baseline slugs to the ids of demarc's built-in Azure
// services (baseline/azure.yaml). A workbook not listed becomes a new
// service "azure-<slug>" unless the caller maps it.
var BuiltinServices = map[string]string{
	"app-service":          "azure-app-service",
	"azure-bastion":        "azure-bastion",
	"azure-container-apps": "azure-container-apps",
	"azure-cosmos-db":      "azure-cosmos-db",
	"azure-database-for-postgresql-flexible-server": "azure-database-for-postgresql",
	"azure-dns":                    "azure-dns",
	"azure-firewall":               "azure-firewall",
	"azure-kubernetes-service-aks": "azure-aks",
	"azure-monitor":                "azure-monitor",
	"azure-policy":                 "azure-policy",
	"azure-resource-manager":       "azure-resource-manager",
	"azure-sql":                    "azure-sql-database",
	"backup":                       "azure-backup",
	"functions":                    "azure-functions",
	"key-vault":                    "azure-key-vault",
	"microsoft-defender-for-cloud": "azure-defender-for-cloud",
	"storage":                      "azure-storage",
	"virtual-network":              "azure-virtual-network",
}

// Service is what a baseline becomes in the model: a service of the azure
// provider with its category, border and facts. Base carries the fields
// of the built-in service it refines (name, model, description, reference,
// borders), when there is one.
type Service struct {
	ID          string
	Name        string
	Model       string
	Category    string
	Description string
	Reference   string
	Borders     map[string]string
	Facts       []Fact
}

// Fact is one statement of the baseline, as a model fact.
type Fact struct {
	Control          string
	Responsibility   Responsibility
	Feature          string
	Supported        Tri
	EnabledByDefault Tri
	Reference        string
	Source           string
}

// Defaults are a built-in service's fields that an import keeps.
type Defaults struct {
	Name, Model, Category, Description, Reference string
	Borders                                       map[string]string
}

// ToService turns baseline b into a service with id; def are the fields of
// the built-in service with that id (nil for a new service), models the
// borders of every service model by id.
func ToService(b *Baseline, id string, def *Defaults, models map[string]map[string]string) *Service {
	s := &Service{ID: id, Borders: map[string]string{}}
	if def != nil {
		s.Name, s.Model, s.Category, s.Description, s.Reference = def.Name, def.Model, def.Category, def.Description, def.Reference
		for k, v := range def.Borders {
			s.Borders[k] = v
		}
	} else {
		s.Name = serviceName(b.Slug)
		s.Model = serviceModel(b)
		s.Category = Category(b.Value(AttrCategory))
		s.Description = "Imported from its Microsoft cloud security benchmark v3 baseline."
	}
	base := models[s.Model]
	for layer, side := range ProfileBorders(b) {
		cur, ok := s.Borders[layer]
		if !ok {
			cur = base[layer]
			if cur == "" {
				cur = "customer"
			}
		}
		if cur != side {
			s.Borders[layer] = side
		}
	}
	for _, f := range b.Features {
		if f.Control == "" {
			continue // a feature the baseline maps to no control
		}
		s.Facts = append(s.Facts, Fact{
			Control: f.Control, Responsibility: f.Responsibility, Feature: f.Name,
			Supported: f.Supported, EnabledByDefault: f.EnabledByDefault, Reference: f.Reference,
			Source: fmt.Sprintf("%s, %s row %d", b.File, SheetFeatures, f.Row),
		})
	}
	slices.SortStableFunc(s.Facts, func(a, b Fact) int {
		if c := compareControls(a.Control, b.Control); c != 0 {
			return c
		}
		return strings.Compare(a.Feature, b.Feature)
	})
	return s
}

// compareControls orders NS-2 before NS-10.
func compareControls(a, b string) int {
	pa, na, _ := strings.Cut(a, "-")
	pb, nb, _ := strings.Cut(b, "-")
	if c := strings.Compare(pa, pb); c != 0 {
		return c
	}
	if len(na) != len(nb) {
		return len(na) - len(nb)
	}
	return strings.Compare(na, nb)
}

// ProfileBorders is the border the security profile implies: no access to
// the host means the provider runs the operating system; deployment into
// the customer's network puts network controls with the customer; stored
// customer content keeps information and data with the customer.
func ProfileBorders(b *Baseline) map[string]string {
	out := map[string]string{}
	switch norm(b.Value(AttrHostAccess)) {
	case "no access":
		out["operating-system"] = "provider"
	case "full access":
		out["operating-system"] = "customer"
	case "":
	default: // limited access
		out["operating-system"] = "shared"
	}
	if norm(b.Value(AttrVirtualNet)) == "true" {
		out["network-controls"] = "customer"
	}
	if norm(b.Value(AttrContentAtRest)) == "true" {
		out["information-and-data"] = "customer"
	}
	return out
}

// categories maps the words of "Product Category" to demarc's categories;
// the first word that maps decides.
var categories = map[string]string{
	"ai+ml": "ai", "ai": "ai", "analytics": "analytics", "compute": "compute", "containers": "containers",
	"databases": "database", "database": "database", "devops": "developer-tools", "developer tools": "developer-tools",
	"hybrid": "management", "identity": "identity", "integration": "integration", "iot": "other",
	"management": "management", "mgmt/governance": "management", "media": "other", "migration": "management",
	"monitoring": "monitoring", "networking": "network", "security": "security", "storage": "storage", "web": "compute",
}

// Category maps a baseline's "Product Category" ("Networking, Security")
// to a demarc category, "other" when no word maps.
func Category(v string) string {
	for _, part := range strings.Split(v, ",") {
		if c, ok := categories[norm(part)]; ok {
			return c
		}
	}
	return "other"
}

func serviceModel(b *Baseline) string {
	switch {
	case norm(b.Value(AttrHostAccess)) == "full access":
		return "iaas"
	case Category(b.Value(AttrCategory)) == "containers":
		return "caas"
	}
	return "paas"
}

var acronyms = map[string]string{"api": "API", "aks": "AKS", "dns": "DNS", "sql": "SQL", "vm": "VM", "iot": "IoT", "hdinsight": "HDInsight", "ddos": "DDoS", "vpn": "VPN"}

func serviceName(slug string) string {
	words := strings.Split(slug, "-")
	for i, w := range words {
		if a, ok := acronyms[w]; ok {
			words[i] = a
		} else if w != "" {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	name := strings.Join(words, " ")
	if !strings.HasPrefix(name, "Azure ") && !strings.HasPrefix(name, "Microsoft ") {
		name = "Azure " + name
	}
	return name
}

// ServiceID is the id of the service a slug imports into: the mapping's,
// else the built-in one's, else "azure-<slug>".
func ServiceID(slug string, mapping map[string]string) string {
	if id, ok := mapping[slug]; ok {
		return id
	}
	if id, ok := BuiltinServices[slug]; ok {
		return id
	}
	if strings.HasPrefix(slug, "azure-") || strings.HasPrefix(slug, "microsoft-") {
		return slug
	}
	return "azure-" + slug
}

// yamlService and yamlFact fix the order of the written keys.
type yamlService struct {
	ID          string            `yaml:"id"`
	Name        string            `yaml:"name"`
	Provider    string            `yaml:"provider"`
	Model       string            `yaml:"model"`
	Category    string            `yaml:"category,omitempty"`
	Description string            `yaml:"description,omitempty"`
	Reference   string            `yaml:"reference,omitempty"`
	Borders     map[string]string `yaml:"borders,omitempty"`
	Facts       []yamlFact        `yaml:"facts,omitempty"`
}

type yamlFact struct {
	Control          string `yaml:"control"`
	Framework        string `yaml:"framework"`
	Responsibility   string `yaml:"responsibility"`
	Feature          string `yaml:"feature,omitempty"`
	Supported        *bool  `yaml:"supported,omitempty"`
	EnabledByDefault *bool  `yaml:"enabled_by_default,omitempty"`
	Reference        string `yaml:"reference,omitempty"`
	Source           string `yaml:"source"`
}

func triBool(t Tri) *bool {
	switch t {
	case True:
		v := true
		return &v
	case False:
		v := false
		return &v
	}
	return nil
}

// Framework is the key the model uses for the benchmark's controls.
const Framework = "mcsb"

// ModelFile writes s as a demarc model file with the licence attribution
// and the workbook it came from in its header. The output depends only on
// s, so a re-import of an unchanged workbook writes the same bytes.
func ModelFile(s *Service, from string) ([]byte, error) {
	ys := yamlService{ID: s.ID, Name: s.Name, Provider: "azure", Model: s.Model, Category: s.Category,
		Description: s.Description, Reference: s.Reference, Borders: s.Borders}
	if len(ys.Borders) == 0 {
		ys.Borders = nil
	}
	for _, f := range s.Facts {
		ys.Facts = append(ys.Facts, yamlFact{Control: f.Control, Framework: Framework, Responsibility: string(f.Responsibility),
			Feature: f.Feature, Supported: triBool(f.Supported), EnabledByDefault: triBool(f.EnabledByDefault),
			Reference: f.Reference, Source: f.Source})
	}
	var buf bytes.Buffer
	buf.WriteString("# Imported by `demarc import mcsb` from " + from + ".\n" +
		"# Re-import to update; edits here are overwritten.\n#\n# " + Attribution + "\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(map[string]any{"services": []yamlService{ys}}); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type yamlControl struct {
	Framework string              `yaml:"framework"`
	ID        string              `yaml:"id"`
	Title     string              `yaml:"title,omitempty"`
	Domain    string              `yaml:"domain,omitempty"`
	Maps      map[string][]string `yaml:"maps,omitempty"`
}

// ControlsFile writes the catalogue as a demarc model file of controls
// with their crosswalk, with the licence attribution in its header.
func ControlsFile(cat *Catalogue, from string) ([]byte, error) {
	var list []yamlControl
	for _, c := range cat.Controls {
		yc := yamlControl{Framework: Framework, ID: c.ID, Title: c.Recommendation, Domain: c.Domain}
		for _, x := range c.Frameworks {
			if yc.Maps == nil {
				yc.Maps = map[string][]string{}
			}
			yc.Maps[x.Framework] = x.IDs
		}
		list = append(list, yc)
	}
	var buf bytes.Buffer
	buf.WriteString("# Imported by `demarc import mcsb-controls` from " + from + ".\n" +
		"# Re-import to update; edits here are overwritten.\n#\n# " + Attribution + "\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(map[string]any{"controls": list}); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
