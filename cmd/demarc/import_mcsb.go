package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/demarc-dev/demarc/baseline"
	"github.com/demarc-dev/demarc/encoding/mcsb"
)

func newImportMCSBCmd(st *streams) *cobra.Command {
	var (
		out    string
		maps   []string
		format string
	)
	c := &cobra.Command{
		Use:   "mcsb FILE|DIR... -o DIR",
		Short: "Import Microsoft cloud security benchmark v3 per-service baselines",
		Long: `Import reads Microsoft cloud security benchmark (v3 format) per-service security
baseline workbooks (.xlsx, or every .xlsx in a folder) and writes one model file
per workbook into the output folder: a service of the azure provider with the
provider's statement per control as facts (responsibility customer, provider,
shared or not-applicable, the feature, whether it is supported and enabled by
default, the guidance link and the workbook row it comes from).

A workbook refines the built-in Azure service it maps to (key-vault →
azure-key-vault; docs/model.md lists them), keeping its name,
service model and category; others become new services "azure-<name>", or
the id given with --map NAME=ID. The "Security Profile" sheet implies the
border: no access to the host puts the operating system on the provider's
side, deployment into the customer's network puts network controls with the
customer, stored customer content keeps information and data there.

Every workbook is read before anything is written; one bad workbook stops
the import with its file, sheet and cell. Files are written whole (a
temporary file, then a rename) and left alone when unchanged, so a re-import
changes only what the workbooks changed. The written files carry the CC BY
4.0 attribution of the benchmark.

Exit codes: 0 imported, 2 a workbook could not be read or written.`,
		Example: `  git clone https://github.com/MicrosoftDocs/SecurityBenchmarks && demarc import mcsb "SecurityBenchmarks/Azure Offer Security Baselines/3.0" -o model/providers/azure-mcsb
  # A workbook without a built-in service, under an id of your choice:
  #   demarc import mcsb api-management-azure-security-benchmark-v3-latest-security-baseline.xlsx --map api-management=apim -o model/providers/azure-mcsb`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return withHint(errors.New("no output folder"), "give it with -o DIR, e.g. -o model/providers/azure-mcsb")
			}
			if format != "text" && format != "json" {
				return withHint(fmt.Errorf("unknown format %q", format), "--format text or json")
			}
			mapping, err := parseMaps(maps)
			if err != nil {
				return err
			}
			res, err := importMCSB(args, out, mapping)
			if err != nil {
				return &exitError{code: exitFailure, err: err}
			}
			if format == "json" {
				enc := json.NewEncoder(st.out)
				enc.SetIndent("", "  ")
				return enc.Encode(res)
			}
			fmt.Fprintf(st.out, "imported %d services with %d facts into %s: %d written, %d unchanged\n",
				len(res.Services), res.Facts, out, res.Written, len(res.Services)-res.Written)
			return nil
		},
	}
	c.Flags().StringVarP(&out, "output", "o", "", "folder to write the model files into (created if missing)")
	c.Flags().StringArrayVar(&maps, "map", nil, "NAME=ID: import the workbook NAME (its file name without -azure-security-benchmark-…) as service ID; repeatable")
	c.Flags().StringVar(&format, "format", "text", "text or json")
	return c
}

func parseMaps(maps []string) (map[string]string, error) {
	out := map[string]string{}
	for _, m := range maps {
		for _, pair := range strings.Split(m, ",") {
			k, v, ok := strings.Cut(pair, "=")
			k, v = strings.TrimSpace(k), strings.TrimSpace(v)
			if !ok || k == "" || v == "" {
				return nil, withHint(fmt.Errorf("--map %q is not NAME=ID", pair), "e.g. --map api-management=azure-apim")
			}
			out[k] = v
		}
	}
	return out, nil
}

// importResult is what an import did, for --format json.
type importResult struct {
	Services []importedService `json:"services"`
	Facts    int               `json:"facts"`
	Written  int               `json:"written"`
}

type importedService struct {
	ID       string `json:"id"`
	Workbook string `json:"workbook"`
	File     string `json:"file"`
	Facts    int    `json:"facts"`
	Builtin  bool   `json:"builtin"`
	Changed  bool   `json:"changed"`
}

// workbooks expands the arguments to .xlsx files, folders sorted by name.
func workbooks(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		fi, err := os.Stat(a)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a, unwrap(err))
		}
		if !fi.IsDir() {
			out = append(out, a)
			continue
		}
		entries, err := os.ReadDir(a)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a, unwrap(err))
		}
		n := 0
		for _, e := range entries {
			if !e.IsDir() && strings.EqualFold(filepath.Ext(e.Name()), ".xlsx") && !strings.HasPrefix(e.Name(), "~$") {
				out = append(out, filepath.Join(a, e.Name()))
				n++
			}
		}
		if n == 0 {
			return nil, fmt.Errorf("%s: no .xlsx workbooks in the folder", a)
		}
	}
	return out, nil
}

func importMCSB(args []string, out string, mapping map[string]string) (*importResult, error) {
	paths, err := workbooks(args)
	if err != nil {
		return nil, err
	}
	defs, models, err := azureDefaults()
	if err != nil {
		return nil, err
	}
	type item struct {
		svc  *mcsb.Service
		path string
		file string
	}
	var (
		items []item
		errs  []error
		seen  = map[string]string{}
	)
	for _, p := range paths {
		b, err := mcsb.ReadBaselineFile(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		id := mcsb.ServiceID(b.Slug, mapping)
		if prev, dup := seen[id]; dup {
			errs = append(errs, fmt.Errorf("%s: imports service %q again (first from %s); give one of them another id with --map %s=ID", p, id, prev, b.Slug))
			continue
		}
		seen[id] = p
		def := defs[id]
		items = append(items, item{svc: mcsb.ToService(b, id, def, models), path: p, file: filepath.Base(p)})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	for k := range mapping {
		if !mappedUsed(k, items, func(i item) string { return mcsb.Slug(i.file) }) {
			return nil, withHint(fmt.Errorf("--map %s: no workbook named %s was given", k, k), "NAME is the workbook's file name without -azure-security-benchmark-v3-latest-security-baseline.xlsx")
		}
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("%s: %w", out, unwrap(err))
	}
	res := &importResult{}
	sort.Slice(items, func(i, j int) bool { return items[i].svc.ID < items[j].svc.ID })
	for _, it := range items {
		data, err := mcsb.ModelFile(it.svc, it.file)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", it.path, err)
		}
		dst := filepath.Join(out, it.svc.ID+".yaml")
		changed, err := writeIfChanged(dst, data)
		if err != nil {
			return nil, err
		}
		if changed {
			res.Written++
		}
		res.Facts += len(it.svc.Facts)
		res.Services = append(res.Services, importedService{ID: it.svc.ID, Workbook: it.file, File: dst, Facts: len(it.svc.Facts),
			Builtin: defs[it.svc.ID] != nil, Changed: changed})
	}
	return res, nil
}

func mappedUsed[T any](slug string, items []T, slugOf func(T) string) bool {
	for _, i := range items {
		if slugOf(i) == slug {
			return true
		}
	}
	return false
}

// writeIfChanged writes data to path through a temporary file and a
// rename, so a reader never sees half a file, and leaves an identical file
// alone.
func writeIfChanged(path string, data []byte) (bool, error) {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return false, nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".import-*.tmp")
	if err != nil {
		return false, fmt.Errorf("%s: %w", path, unwrap(err))
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		_ = os.Remove(tmp.Name())
		return false, fmt.Errorf("%s: %w", path, unwrap(werr))
	}
	return true, nil
}

// azureDefaults reads the built-in Azure services and the service models'
// borders, which an imported baseline refines.
func azureDefaults() (map[string]*mcsb.Defaults, map[string]map[string]string, error) {
	var az struct {
		Services []struct {
			ID, Name, Model, Category, Description, Reference string
			Borders                                           map[string]string
		}
	}
	var core struct {
		ServiceModels []struct {
			ID      string
			Borders map[string]string
		} `yaml:"service_models"`
	}
	data, _ := baseline.Get("azure")
	if err := yaml.Unmarshal(data, &az); err != nil {
		return nil, nil, fmt.Errorf("the built-in azure baseline: %w", err)
	}
	_, coreData := baseline.Core()
	if err := yaml.Unmarshal(coreData, &core); err != nil {
		return nil, nil, fmt.Errorf("the built-in core baseline: %w", err)
	}
	models := map[string]map[string]string{}
	for _, m := range core.ServiceModels {
		models[m.ID] = m.Borders
	}
	defs := map[string]*mcsb.Defaults{}
	for _, s := range az.Services {
		defs[s.ID] = &mcsb.Defaults{Name: s.Name, Model: s.Model, Category: s.Category, Description: strings.TrimSpace(s.Description),
			Reference: s.Reference, Borders: s.Borders}
	}
	return defs, models, nil
}
