package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/demarc-dev/demarc/diag"
)

// ToolInfo describes the tool in SARIF output.
type ToolInfo struct {
	Name           string // "demarc"
	Version        string // the release, such as "0.3.0"; may be empty
	InformationURI string // an absolute URL of the tool's home page; may be empty
}

// SARIF constants.
const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	// srcRoot is the uriBaseId of relative paths: GitHub code scanning
	// resolves it to the root of the checkout.
	srcRoot = "%SRCROOT%"
	// fingerprintKey names demarc's partial fingerprint. GitHub computes
	// its own primaryLocationLineHash and must not be handed one.
	fingerprintKey = "demarcIdentity/v1"
)

// WriteSARIF writes ds as a SARIF 2.1.0 log that GitHub code scanning
// accepts. The run lists every diagnostic code as a rule, with the code's
// explanation as help. Each result points at its range: paths stay relative
// as they are in the ranges (resolved against %SRCROOT%, so run demarc from
// the repository root), columns count Unicode code points, and a range
// outside its file keeps only the file. Diagnostics without a file have no
// location. partialFingerprints carry a hash of the code, the file and the
// summary, so an alert survives edits that move it to another line.
func WriteSARIF(w io.Writer, ds diag.Diagnostics, src map[string][]byte, tool ToolInfo) error {
	return Build(ds, src).WriteSARIF(w, tool)
}

// WriteSARIF renders r as SARIF; see the function WriteSARIF.
func (r *Report) WriteSARIF(w io.Writer, tool ToolInfo) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(r.sarif(tool))
}

// The subset of SARIF 2.1.0 that demarc writes.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool       sarifTool     `json:"tool"`
		Results    []sarifResult `json:"results"`
		ColumnKind string        `json:"columnKind"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version,omitempty"`
		InformationURI string      `json:"informationUri,omitempty"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string             `json:"id"`
		Name                 string             `json:"name,omitempty"`
		ShortDescription     sarifText          `json:"shortDescription"`
		FullDescription      sarifText          `json:"fullDescription"`
		Help                 *sarifHelp         `json:"help,omitempty"`
		DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
		Properties           sarifProperties    `json:"properties"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifHelp struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown,omitempty"`
	}
	sarifConfiguration struct {
		Level string `json:"level"`
	}
	sarifProperties struct {
		Tags []string `json:"tags,omitempty"`
	}
	sarifResult struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           int               `json:"ruleIndex"`
		Level               string            `json:"level"`
		Message             sarifText         `json:"message"`
		Locations           []sarifLocation   `json:"locations,omitempty"`
		RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
	}
	sarifLocation struct {
		ID               *int                  `json:"id,omitempty"`
		PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
		Message          *sarifText            `json:"message,omitempty"`
	}
	sarifPhysicalLocation struct {
		ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
		Region           *sarifRegion          `json:"region,omitempty"`
	}
	sarifArtifactLocation struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn,omitempty"`
		EndLine     int `json:"endLine,omitempty"`
		EndColumn   int `json:"endColumn,omitempty"`
	}
)

func (r *Report) sarif(tool ToolInfo) sarifLog {
	// A Report that did not come from Build (one decoded from JSON, say)
	// has no resolved regions; its ranges are then used as they are.
	raw := newSources(nil)
	regionOf := func(rg diag.Range, at region) region {
		if at.resolved {
			return at
		}
		return raw.resolve(rg)
	}

	name := tool.Name
	if name == "" {
		name = "demarc"
	}
	driver := sarifDriver{Name: name, Version: tool.Version, InformationURI: tool.InformationURI}
	index := map[diag.Code]int{}
	addRule := func(code diag.Code) int {
		if i, ok := index[code]; ok {
			return i
		}
		index[code] = len(driver.Rules)
		driver.Rules = append(driver.Rules, sarifRuleOf(code))
		return index[code]
	}
	for _, info := range diag.All() {
		addRule(info.Code)
	}

	results := make([]sarifResult, 0, len(r.Diagnostics))
	seen := map[string]int{}
	for i := range r.Diagnostics {
		d := &r.Diagnostics[i]
		// Diagnostics that share code, file and summary are told apart by
		// their order, as GitHub's own fingerprints do.
		fp := fingerprint(d)
		seen[fp]++
		if n := seen[fp]; n > 1 {
			fp += ":" + strconv.Itoa(n)
		}
		res := sarifResult{
			RuleID:              string(d.Code),
			RuleIndex:           addRule(d.Code),
			Level:               sarifLevel(d.Severity),
			Message:             sarifText{Text: resultMessage(d)},
			PartialFingerprints: map[string]string{fingerprintKey: fp},
		}
		if loc, ok := sarifLocationOf(d.Subject, regionOf(d.Subject, d.at)); ok {
			res.Locations = []sarifLocation{loc}
		}
		for _, rel := range d.Related {
			loc, ok := sarifLocationOf(rel.Range, regionOf(rel.Range, rel.at))
			if !ok {
				continue // its message is in the result's message
			}
			id := len(res.RelatedLocations) + 1
			loc.ID = &id
			loc.Message = &sarifText{Text: rel.Message}
			res.RelatedLocations = append(res.RelatedLocations, loc)
		}
		results = append(results, res)
	}
	return sarifLog{
		Schema:  sarifSchema,
		Version: sarifVersion,
		Runs: []sarifRun{{
			Tool:       sarifTool{Driver: driver},
			Results:    results,
			ColumnKind: "unicodeCodePoints",
		}},
	}
}

func sarifRuleOf(code diag.Code) sarifRule {
	rule := sarifRule{
		ID:                   string(code),
		ShortDescription:     sarifText{Text: string(code)},
		FullDescription:      sarifText{Text: string(code)},
		DefaultConfiguration: sarifConfiguration{Level: sarifLevel(code.DefaultSeverity())},
		Properties:           sarifProperties{Tags: []string{"demarc", codeGroup(code)}},
	}
	info := code.Info()
	if info == nil {
		return rule
	}
	rule.Name = info.Name
	rule.ShortDescription.Text = info.Title
	rule.FullDescription.Text = info.Title
	if info.Explain != "" {
		para, _, _ := strings.Cut(info.Explain, "\n\n")
		rule.FullDescription.Text = strings.Join(strings.Fields(para), " ")
		rule.Help = &sarifHelp{Text: info.Explain, Markdown: info.Explain}
	}
	return rule
}

// codeGroup names the group of a code by its hundreds digit, as
// diag/codes.go groups them.
func codeGroup(code diag.Code) string {
	s := string(code)
	if len(s) == 5 && strings.HasPrefix(s, "DM") {
		switch s[2] {
		case '0':
			return "input"
		case '1':
			return "structure"
		case '2':
			return "responsibility"
		case '3':
			return "review"
		case '4':
			return "tenants"
		case '5':
			return "unused"
		case '7':
			return "inventory"
		}
	}
	return "other"
}

func sarifLevel(s diag.Severity) string {
	switch s {
	case diag.Error:
		return "error"
	case diag.Warning:
		return "warning"
	case diag.Info:
		return "note"
	}
	return "none"
}

// resultMessage is the summary, then the suggestion, the messages of
// related ranges without a file, the data path and the detail.
func resultMessage(d *Diagnostic) string {
	var b strings.Builder
	b.WriteString(d.Summary)
	if d.Suggestion != "" {
		b.WriteString("\nDid you mean \"" + d.Suggestion + "\"?")
	}
	for _, rel := range d.Related {
		if rel.Range.IsZero() { // no location of its own
			b.WriteString("\nRelated: " + rel.Message)
		}
	}
	if d.Path != "" {
		b.WriteString("\nPath: " + d.Path)
	}
	if d.Detail != "" {
		b.WriteString("\n\n" + d.Detail)
	}
	return b.String()
}

// sarifLocationOf maps a range to a location: the file, and the region
// when the range has a line inside the file (or the file's bytes are
// unknown). ok is false for a range without a file.
func sarifLocationOf(r diag.Range, at region) (sarifLocation, bool) {
	if r.IsZero() {
		return sarifLocation{}, false
	}
	uri, base := artifactURI(r.Filename)
	loc := sarifLocation{PhysicalLocation: sarifPhysicalLocation{
		ArtifactLocation: sarifArtifactLocation{URI: uri, URIBaseID: base},
	}}
	if at.ok {
		reg := &sarifRegion{StartLine: at.startLine, EndLine: at.endLine}
		if at.startCol > 0 {
			reg.StartColumn = at.startCol
			reg.EndColumn = at.endCol
		}
		loc.PhysicalLocation.Region = reg
	}
	return loc, true
}

// artifactURI turns a file name from a range into a URI reference: a
// relative path with forward slashes, resolved against %SRCROOT%, or a
// file: URI for an absolute path.
func artifactURI(name string) (uri, base string) {
	p := filepath.ToSlash(name)
	if filepath.IsAbs(name) || strings.HasPrefix(p, "/") {
		if !strings.HasPrefix(p, "/") {
			p = "/" + p // a Windows drive: C:/x becomes /C:/x
		}
		return (&url.URL{Scheme: "file", Path: p}).String(), ""
	}
	for strings.HasPrefix(p, "./") {
		p = p[2:]
	}
	return (&url.URL{Path: p}).String(), srcRoot
}

// fingerprint identifies a diagnostic across runs independently of its
// line: the same code, file and summary give the same value.
func fingerprint(d *Diagnostic) string {
	h := sha256.New()
	for _, s := range []string{string(d.Code), filepath.ToSlash(d.Subject.Filename), d.Summary} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}
