package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/demarc-dev/demarc/chart"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/view"
)

// Options control an export.
type Options struct {
	// SiteName is the site_name of mkdocs.yml; empty means
	// "<organisation> shared responsibility model".
	SiteName string
	// SiteURL and RepoURL are written to mkdocs.yml when set (http or
	// https only).
	SiteURL, RepoURL string
	// SourceRoot, when set, shows the file names of diagnostics relative
	// to it, so pages do not carry the paths of the machine that built them.
	SourceRoot string
}

// Stats count what an export wrote.
type Stats struct {
	Pages  int   // Markdown pages
	Images int   // SVG charts
	Files  int   // every file written, mkdocs.yml included
	Bytes  int64 // bytes written
	// Removed counts stale pages and charts of an earlier export that were
	// deleted from the generated directories.
	Removed int
}

// The directories under docs/ that an export owns entirely: files in them
// that the export did not write are removed.
var ownedDirs = []string{"parties", "services", "landing-zones", "activities", "processes"}

// Export writes the book as a Markdown tree under dir: mkdocs.yml and
// docs/ with one page per party, service, landing zone and activity, the
// overview, the decisions log, the stakeholder map, the org chart and the
// glossary, and the charts as SVG files next to the pages that show them.
//
// The tree builds with `mkdocs build --strict`, is a Backstage TechDocs
// source as it is (mkdocs.yml with docs_dir docs and docs/index.md), and
// reads in a git wiki, because every link is a plain relative link to a .md
// file. The same book always gives the same bytes.
func Export(b *view.Book, dir string, opts Options) (Stats, error) {
	x := newExporter(b, dir, opts)
	if err := x.run(); err != nil {
		return x.stats, err
	}
	return x.stats, nil
}

type exporter struct {
	b    *view.Book
	m    *model.Model
	opts Options
	dir  string

	party    map[*model.Party]string // docs-relative paths of the pages
	service  map[*model.Service]string
	zone     map[*model.LandingZone]string
	activity map[*model.Activity]string
	decision map[*model.Rule]string // decisions.md#anchor

	written map[string]bool // slash paths relative to dir
	stats   Stats

	cells map[cellKey]string // services cells, by group and page directory
}

func newExporter(b *view.Book, dir string, opts Options) *exporter {
	x := &exporter{
		b: b, m: b.Model, opts: opts, dir: dir,
		party: map[*model.Party]string{}, service: map[*model.Service]string{},
		zone: map[*model.LandingZone]string{}, activity: map[*model.Activity]string{},
		decision: map[*model.Rule]string{}, written: map[string]bool{},
		cells: map[cellKey]string{},
	}
	names := newFileNames()
	for _, pp := range b.Parties {
		x.party[pp.Party] = "parties/" + names.name(pp.Party.ID) + ".md"
	}
	names = newFileNames()
	for _, sp := range b.Services {
		x.service[sp.Service] = "services/" + names.name(sp.Service.ID) + ".md"
	}
	names = newFileNames()
	for _, zp := range b.LandingZones {
		x.zone[zp.Zone] = "landing-zones/" + names.name(zp.Zone.ID) + ".md"
	}
	names = newFileNames()
	for _, ap := range b.Activities {
		x.activity[ap.Activity] = "activities/" + names.name(ap.Activity.ID) + ".md"
	}
	// The decisions log has one heading per decision after its title; the
	// anchors are those MkDocs gives them.
	ids := anchors{}
	ids.unique(slugify(decisionsTitle))
	for _, d := range b.Decisions {
		x.decision[d.Rule] = "decisions.md#" + ids.unique(slugify(oneLine(d.Rule.ID)))
	}
	return x
}

const decisionsTitle = "Decisions"

func (x *exporter) run() error {
	if err := os.MkdirAll(filepath.Join(x.dir, "docs"), 0o755); err != nil {
		return err
	}
	for _, d := range ownedDirs {
		if err := os.MkdirAll(filepath.Join(x.dir, "docs", d), 0o755); err != nil {
			return err
		}
	}
	if err := x.page("index.md", x.overview()); err != nil {
		return err
	}
	for _, pp := range x.b.Parties {
		if err := x.page(x.party[pp.Party], x.partyPage(pp)); err != nil {
			return err
		}
	}
	for _, sp := range x.b.Services {
		if err := x.page(x.service[sp.Service], x.servicePage(sp)); err != nil {
			return err
		}
	}
	for _, zp := range x.b.LandingZones {
		path := x.zone[zp.Zone]
		if zp.Chart != nil {
			if err := x.image(chartPath(path), chart.Responsibility(zp.Chart)); err != nil {
				return err
			}
		}
		if err := x.page(path, x.zonePage(zp)); err != nil {
			return err
		}
	}
	for _, ap := range x.b.Activities {
		if err := x.page(x.activity[ap.Activity], x.activityPage(ap)); err != nil {
			return err
		}
	}
	if err := x.processPages(); err != nil {
		return err
	}
	if err := x.page("decisions.md", x.decisionsPage()); err != nil {
		return err
	}
	if err := x.image("stakeholders.svg", chart.Stakeholders(x.b)); err != nil {
		return err
	}
	if err := x.image("relations.svg", chart.Relations(x.b)); err != nil {
		return err
	}
	if err := x.page("stakeholders.md", x.stakeholdersPage()); err != nil {
		return err
	}
	if err := x.image("org-chart.svg", chart.OrgChart(x.b)); err != nil {
		return err
	}
	if err := x.page("org-chart.md", x.orgChartPage()); err != nil {
		return err
	}
	if err := x.page("glossary.md", x.glossaryPage()); err != nil {
		return err
	}
	cfg, err := x.mkdocs()
	if err != nil {
		return err
	}
	if err := x.write("mkdocs.yml", cfg); err != nil {
		return err
	}
	return x.prune()
}

// chartPath is the SVG next to a landing zone page.
func chartPath(page string) string { return strings.TrimSuffix(page, ".md") + ".svg" }

func (x *exporter) page(path, content string) error {
	x.stats.Pages++
	return x.write("docs/"+path, []byte(content))
}

func (x *exporter) image(path string, svg []byte) error {
	if len(svg) == 0 {
		return nil
	}
	x.stats.Images++
	return x.write("docs/"+path, svg)
}

func (x *exporter) hasImage(path string) bool { return x.written["docs/"+path] }

func (x *exporter) write(path string, data []byte) error {
	if x.written[path] {
		return fmt.Errorf("markdown: %s written twice", path)
	}
	if err := os.WriteFile(filepath.Join(x.dir, filepath.FromSlash(path)), data, 0o644); err != nil {
		return err
	}
	x.written[path] = true
	x.stats.Files++
	x.stats.Bytes += int64(len(data))
	return nil
}

// prune removes the pages and charts of an earlier export (a party or
// service since removed from the model) from the directories the export
// owns, so MkDocs does not publish stale pages.
func (x *exporter) prune() error {
	for _, d := range ownedDirs {
		base := filepath.Join(x.dir, "docs", d)
		entries, err := os.ReadDir(base)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return err
		}
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() || x.written["docs/"+d+"/"+name] {
				continue
			}
			if ext := filepath.Ext(name); ext != ".md" && ext != ".svg" {
				continue
			}
			if err := os.Remove(filepath.Join(base, name)); err != nil {
				return err
			}
			x.stats.Removed++
		}
	}
	return nil
}

// siteName is the name of the site, safe for the HTML MkDocs writes it to.
func (x *exporter) siteName() string {
	if x.opts.SiteName != "" {
		return Title(x.opts.SiteName)
	}
	org := oneLine(x.b.Organisation.Name)
	if org == "" {
		return "Shared responsibility model"
	}
	return Title(org + " shared responsibility model")
}

// mkdocs renders mkdocs.yml with a complete nav.
func (x *exporter) mkdocs() ([]byte, error) {
	str := func(s string) *yaml.Node {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Style: yaml.DoubleQuotedStyle}
	}
	plain := func(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }
	boolean := func(v bool) *yaml.Node {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: fmt.Sprint(v)}
	}
	mapping := func(kv ...*yaml.Node) *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode, Content: kv} }
	seq := func(items ...*yaml.Node) *yaml.Node { return &yaml.Node{Kind: yaml.SequenceNode, Content: items} }
	entry := func(title, path string) *yaml.Node { return mapping(str(Title(title)), plain(path)) }

	root := mapping(plain("site_name"), str(x.siteName()))
	if d := oneLine(x.b.Organisation.Name); d != "" {
		root.Content = append(root.Content, plain("site_description"),
			str(Title("Who is responsible, accountable, consulted and informed for every activity in the cloud at "+d)))
	}
	for _, kv := range [][2]string{{"site_url", x.opts.SiteURL}, {"repo_url", x.opts.RepoURL}} {
		if kv[1] != "" {
			if !webURL(kv[1]) {
				return nil, fmt.Errorf("markdown: %s %q is not an http(s) URL", kv[0], kv[1])
			}
			root.Content = append(root.Content, plain(kv[0]), str(kv[1]))
		}
	}
	root.Content = append(root.Content,
		plain("docs_dir"), plain("docs"),
		plain("use_directory_urls"), boolean(true),
		// The built-in theme, without the highlight.js it would load from
		// a CDN: the published pages make no external requests.
		plain("theme"), mapping(plain("name"), plain("mkdocs"), plain("highlightjs"), boolean(false)),
	)
	nav := seq(entry("Overview", "index.md"))
	section := func(title string, items []*yaml.Node) {
		if len(items) > 0 {
			nav.Content = append(nav.Content, mapping(str(title), seq(items...)))
		}
	}
	var items []*yaml.Node
	for _, pp := range x.b.Parties {
		items = append(items, entry(pp.Party.Name, x.party[pp.Party]))
	}
	section("Parties", items)
	items = nil
	for _, sp := range x.b.Services {
		items = append(items, entry(sp.Service.Name, x.service[sp.Service]))
	}
	section("Services", items)
	items = nil
	for _, zp := range x.b.LandingZones {
		items = append(items, entry(zp.Zone.Name, x.zone[zp.Zone]))
	}
	section("Landing zones", items)
	items = nil
	for _, ap := range x.b.Activities {
		items = append(items, entry(ap.Activity.Name, x.activity[ap.Activity]))
	}
	section("Activities", items)
	items = nil
	for _, e := range x.processNav() {
		items = append(items, entry(e[0], e[1]))
	}
	section("Processes", items)
	nav.Content = append(nav.Content,
		entry(decisionsTitle, "decisions.md"),
		entry("Stakeholders", "stakeholders.md"),
		entry("Org chart", "org-chart.md"),
		entry("Glossary", "glossary.md"),
	)
	root.Content = append(root.Content, plain("nav"), nav)

	var buf bytes.Buffer
	buf.WriteString("# Generated by demarc from the responsibility model; changes here are overwritten.\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func webURL(s string) bool {
	l := strings.ToLower(s)
	return (strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://")) &&
		!strings.ContainsAny(s, " \t\r\n<>\"'`")
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
