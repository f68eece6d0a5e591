package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/encoding/inventory"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/report"
	"github.com/demarc-dev/demarc/sheet"
)

func newImportTenantsCmd(st *streams) *cobra.Command {
	var (
		out, ownerTag, zoneTag string
		zones                  []string
		includeClosed          bool
	)
	mdir := &modelDir{}
	c := &cobra.Command{
		Use:   "tenants aws|azure|gcp FILE…",
		Short: "Write the tenants CSV from a cloud's account inventory",
		Long: `Tenants reads the JSON that the provider's own CLI or API prints and writes
the tenants CSV the model loader reads (id,name,provider,landing_zone,owner,
tags), one row per account, sorted by id, so a re-import shows in git only
what changed in the cloud.

  aws    aws organizations list-accounts (with the tags and parents merged
         in by the one-liner in docs/inventory.md; pages are several files)
  azure  az graph query -q "resourcecontainers | where type ==
         'microsoft.resources/subscriptions'", the subscriptions REST API,
         or az account list (no tags)
  gcp    gcloud projects list --format=json, Resource Manager v1 or v3

The owner comes from the owner tag (a party id, or a member's or contact's
e-mail); the landing zone from the landing-zone tag, else the nearest OU,
management group or folder that the mapping names. The mapping is the
"inventory" section of the model's .demarc.yaml; the flags override it.
Accounts nothing maps are kept with an empty owner or landing zone, so
'demarc check' reports them. The other tags are written as they are; the
owner and landing-zone tags are the columns. Accounts that are tenants in another file of
the model (hand-written YAML, say) are left out; so are suspended and closed
accounts unless --include-closed.

Nothing is written when an inventory file has errors (exit 2). Cells are
neutralised against spreadsheet formula injection: a value that starts with
=, +, - or @ is written with a leading apostrophe.`,
		Example: `  demarc import tenants aws examples/enterprise/inventory/aws-organizations.json -o aws.csv
  demarc import tenants gcp examples/enterprise/inventory/gcp-projects.json --owner-tag owner --landing-zone folders/301234567890=cloud-native
  demarc import tenants azure examples/enterprise/inventory/azure-resource-graph.json --include-closed`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			provider, files := args[0], args[1:]
			if !slices.Contains(inventory.Providers, provider) {
				return withHint(fmt.Errorf("unknown provider %q", provider), "demarc import tenants aws|azure|gcp FILE…")
			}
			dir, err := mdir.get(nil, 0)
			if err != nil {
				return err
			}
			l := loadModel(dir)
			if n := l.diags.Count(diag.Error); n > 0 {
				fmt.Fprintf(st.err, "warning: the model in %s has %d loading error(s); owners are matched against the parties that loaded. Run `demarc check %s`.\n", dir, n, dir)
			}
			mp := mappingOf(l.project.Inventory)
			if cmd.Flags().Changed("owner-tag") {
				mp.OwnerTag = ownerTag
			}
			if cmd.Flags().Changed("landing-zone-tag") {
				mp.LandingZoneTag = zoneTag
			}
			for _, z := range zones {
				k, v, ok := strings.Cut(z, "=")
				if !ok || k == "" || v == "" {
					return withHint(fmt.Errorf("--landing-zone %q is not CONTAINER=ZONE", z), "--landing-zone ou-ab12-cn000001=cloud-native")
				}
				mp.LandingZones[k] = v
			}
			inv, ds := inventory.ReadFiles(files, provider, inventory.DefaultLimits)
			if ds.HasErrors() {
				inv.SourcesFor(ds, files, inventory.DefaultLimits)
				_ = report.WriteText(st.err, ds, inv.Sources, report.TextOptions{})
				return &exitError{code: exitFailure, err: fmt.Errorf("the inventory has %d error(s); nothing was written", ds.Count(diag.Error))}
			}
			im := importTenants(l.model, inv, mp, outputPath(out), includeClosed)
			for _, w := range im.warnings {
				fmt.Fprintln(st.err, "warning: "+w)
			}
			if err := writeOutput(st.out, out, func(w io.Writer) error { return writeTenantCSV(w, im.rows) }); err != nil {
				return &exitError{code: exitFailure, err: err}
			}
			fmt.Fprintln(st.err, im.summary(out))
			return nil
		},
	}
	c.Flags().StringVarP(&out, "output", "o", "", "write the CSV to this file (atomically) instead of standard output")
	c.Flags().StringVar(&ownerTag, "owner-tag", "", "the tag or label that names the owner (overrides inventory.owner_tag)")
	c.Flags().StringVar(&zoneTag, "landing-zone-tag", "", "the tag or label that names the landing zone (overrides inventory.landing_zone_tag)")
	c.Flags().StringArrayVar(&zones, "landing-zone", nil, "CONTAINER=ZONE: an OU or root id, management group or folders/N that gives a landing zone (repeatable; added to inventory.landing_zones)")
	c.Flags().BoolVar(&includeClosed, "include-closed", false, "import suspended, closing and closed accounts too")
	c.ValidArgsFunction = func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		if len(args) == 0 {
			return inventory.Providers, cobra.ShellCompDirectiveNoFileComp
		}
		return []string{"json"}, cobra.ShellCompDirectiveFilterFileExt
	}
	_ = c.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]string{"csv"}, cobra.ShellCompDirectiveFilterFileExt))
	mdir.register(c)
	return c
}

// imported is the outcome of an import: the rows and what was left out.
type imported struct {
	rows                            []tenantRow
	noOwner, noZone, closed, byHand int
	handFiles                       []string
	warnings                        []string
}

func (im *imported) summary(out string) string {
	where := "standard output"
	if out != "" {
		where = out
	}
	s := fmt.Sprintf("%s tenants written to %s (%s without owner, %s without landing zone)",
		thousands(len(im.rows)), where, thousands(im.noOwner), thousands(im.noZone))
	var left []string
	if im.closed > 0 {
		left = append(left, thousands(im.closed)+" suspended or closed (--include-closed imports them)")
	}
	if im.byHand > 0 {
		left = append(left, fmt.Sprintf("%s written in %s", thousands(im.byHand), strings.Join(im.handFiles, ", ")))
	}
	if len(left) > 0 {
		s += "; left out: " + strings.Join(left, "; ")
	}
	return s + "."
}

// importTenants turns the accounts into tenants. out is the absolute path
// of the file being written: tenants already there are replaced, tenants
// in any other model file are kept as written.
func importTenants(m *model.Model, inv *inventory.Inventory, mp *inventory.Mapping, out string, includeClosed bool) *imported {
	im := &imported{}
	owners := inventory.NewOwners(m)
	existing := map[string]*model.Tenant{}
	for _, t := range m.Tenants {
		existing[t.Provider.ID+"\x00"+strings.ToLower(t.ID)] = t
	}
	hand := map[string]bool{}
	im.rows = make([]tenantRow, 0, len(inv.Accounts))
	var tags strings.Builder
	for i := range inv.Accounts {
		a := &inv.Accounts[i]
		t := existing[a.Provider+"\x00"+strings.ToLower(a.ID)]
		if t == nil && a.Number != "" {
			t = existing[a.Provider+"\x00"+a.Number] // a GCP tenant named by project number
		}
		if t != nil && absPath(t.Pos().Filename) != out {
			im.byHand++
			hand[m.RelName(t.Pos().Filename)] = true
			continue
		}
		if !a.State.Live() && !includeClosed {
			im.closed++
			continue
		}
		row := tenantRow{id: a.ID, name: a.Name, provider: a.Provider}
		if v, ok := mp.OwnerValue(a); ok {
			if p, found := owners.Party(v); found {
				row.owner = p
			} else {
				im.warnings = append(im.warnings, fmt.Sprintf("%s: the %s tag of %s names no party: %q; imported without owner", a.Pos, mp.OwnerTag, a, v))
			}
		}
		row.zone, _ = mp.LandingZone(a)
		if row.zone != "" && m.LandingZoneByID[row.zone] == nil {
			im.warnings = append(im.warnings, fmt.Sprintf("%s: %s maps to unknown landing zone %q", a.Pos, a, row.zone))
		}
		tags.Reset()
		for k, v := range a.Tags.All() {
			if k == mp.OwnerTag || k == mp.LandingZoneTag {
				continue // written as the owner and landing_zone columns
			}
			if strings.ContainsAny(k, "=;") || strings.Contains(v, ";") {
				im.warnings = append(im.warnings, fmt.Sprintf("%s: tag %q of %s cannot be written key=value;… and is left out", a.Pos, k, a))
				continue
			}
			if tags.Len() > 0 {
				tags.WriteByte(';')
			}
			tags.WriteString(k + "=" + v)
		}
		row.tags = tags.String()
		if row.owner == "" {
			im.noOwner++
		}
		if row.zone == "" {
			im.noZone++
		}
		im.rows = append(im.rows, row)
	}
	for f := range hand {
		im.handFiles = append(im.handFiles, f)
	}
	slices.Sort(im.handFiles)
	slices.SortFunc(im.rows, func(a, b tenantRow) int { return strings.Compare(a.id, b.id) })
	return im
}

// tenantRow is one row of the tenants CSV; the tags are written
// key=value;key=value already.
type tenantRow struct {
	id, name, provider, zone, owner, tags string
}

// writeTenantCSV writes the rows in the loader's columns, every cell
// neutralised against formula injection.
func writeTenantCSV(w io.Writer, rows []tenantRow) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"id", "name", "provider", "landing_zone", "owner", "tags"}); err != nil {
		return err
	}
	rec := make([]string, 6)
	for _, t := range rows {
		rec[0], rec[1], rec[2], rec[3], rec[4], rec[5] = t.id, t.name, t.provider, t.zone, t.owner, t.tags
		for j := range rec {
			rec[j] = sheet.Neutralise(rec[j])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func outputPath(out string) string {
	if out == "" {
		return ""
	}
	return absPath(out)
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// writeOutput writes to stdout, or to path through a hidden temporary file
// in the same folder that is renamed into place, so a failed write leaves
// the old file (and no half-written one the loader would read).
func writeOutput(stdout io.Writer, path string, write func(io.Writer) error) error {
	if path == "" {
		return write(stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, unwrap(err))
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
