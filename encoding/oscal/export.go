package oscal

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/view"
)

// DefaultFramework is the framework the plans answer unless told
// otherwise.
const DefaultFramework = "nist-800-53"

// Options control an export.
type Options struct {
	// Framework is the control framework the system security plans answer
	// (an SSP imports one profile); "" means DefaultFramework. The
	// component definition covers every framework.
	Framework string
	// Version is the documents' version; "" means the date of the model's
	// latest decision.
	Version string
	// SiteURL is the base URL of the published demarc site; when set,
	// parties link to their pages.
	SiteURL string
}

// Document is one OSCAL file of an export.
type Document struct {
	// Name is the file name, e.g. "component-definition.json".
	Name string
	// Value is a *ComponentDefinitionDocument or an *SSPDocument.
	Value any
}

// Result is the documents of one model and what a schema cannot say
// about them.
type Result struct {
	Documents []Document
	Report    Report
}

// Report lists what the plans leave open.
type Report struct {
	// Unsatisfied are the responsibilities no application party holds in
	// a landing zone: gaps and conflicts of the model.
	Unsatisfied []Unsatisfied
	// NotInherited are the provided items no landing zone's plan inherits:
	// per-provider duties of providers no landing zone offers.
	NotInherited []string
}

// Unsatisfied is a responsibility that a leveraging plan cannot satisfy.
type Unsatisfied struct {
	LandingZone, Control, Activity, Reason string
}

// LeveragedFile is the file name of the foundation's plan for framework fw.
func LeveragedFile(fw string) string { return "ssp-foundation-" + fw + ".json" }

// LeveragingFile is the file name of landing zone id's plan.
func LeveragingFile(zone, fw string) string { return "ssp-" + zone + "-" + fw + ".json" }

// ComponentFile is the file name of the component definition.
const ComponentFile = "component-definition.json"

// Build makes the documents of book b.
func Build(b *view.Book, opts Options) (*Result, error) {
	fw := opts.Framework
	if fw == "" {
		fw = DefaultFramework
	}
	e := newExporter(b, opts)
	out := &Result{Documents: []Document{{Name: ComponentFile, Value: e.componentDefinition()}}}
	items := e.collectItems(fw)
	if len(items) == 0 {
		var acts []string
		for _, ap := range b.Activities {
			acts = append(acts, frameworkIDs([]*model.Activity{ap.Activity})...)
		}
		slices.Sort(acts)
		acts = slices.Compact(acts)
		if len(acts) == 0 {
			return nil, fmt.Errorf("no activity maps controls, so there is nothing to plan: add controls: {%s: [...]} to the activities", fw)
		}
		return nil, fmt.Errorf("no activity with duties maps controls of framework %q; the model maps %s", fw, strings.Join(acts, ", "))
	}
	f := frameworkOf(fw)
	out.Documents = append(out.Documents, Document{Name: LeveragedFile(fw), Value: e.leveraged(f, items)})
	for _, zp := range b.LandingZones {
		out.Documents = append(out.Documents, Document{Name: LeveragingFile(zp.Zone.ID, fw), Value: e.leveraging(f, zp, items, &out.Report)})
	}
	for _, it := range items {
		if !it.provided || slices.ContainsFunc(b.LandingZones, it.inheritedBy) {
			continue
		}
		out.Report.NotInherited = append(out.Report.NotInherited, it.label+": "+it.what())
	}
	return out, nil
}

// Marshal writes a document as indented JSON with a final newline.
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Write writes the documents into dir, creating it, and returns the
// files written with their sizes.
func (x *Result) Write(dir string) ([]File, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var files []File
	for _, d := range x.Documents {
		data, err := Marshal(d.Value)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d.Name, err)
		}
		path := filepath.Join(dir, d.Name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return nil, err
		}
		files = append(files, File{Path: path, Size: len(data)})
	}
	return files, nil
}

// File is a file written.
type File struct {
	Path string
	Size int
}
