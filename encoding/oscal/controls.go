package oscal

import (
	"regexp"
	"strings"
)

// framework is what the export knows of a control framework the model's
// activities map to: the catalog a control implementation names as its
// source, and how the framework's control ids become OSCAL control ids.
type framework struct {
	ID      string
	Title   string
	Catalog string // URL of an OSCAL catalog, "" when none is published
	// controlID maps a control id as the model writes it to the catalog's.
	controlID func(string) string
}

// frameworks are the frameworks with a published OSCAL catalog or a
// documented convention. Others keep their ids (made tokens) and point at
// a back-matter resource naming the framework.
var frameworks = map[string]framework{
	"nist-800-53": {
		ID: "nist-800-53", Title: "NIST SP 800-53 Rev. 5",
		Catalog:   "https://raw.githubusercontent.com/usnistgov/oscal-content/main/nist.gov/SP800-53/rev5/json/NIST_SP-800-53_rev5_catalog.json",
		controlID: nistControlID,
	},
	"mcsb":   {ID: "mcsb", Title: "Microsoft cloud security benchmark"},
	"cis-v8": {ID: "cis-v8", Title: "CIS Critical Security Controls v8"},
	"dora":   {ID: "dora", Title: "EU Digital Operational Resilience Act (Regulation (EU) 2022/2554)"},
	"gdpr":   {ID: "gdpr", Title: "EU General Data Protection Regulation (Regulation (EU) 2016/679)"},
	"finops": {ID: "finops", Title: "FinOps Framework capabilities"},
}

func frameworkOf(id string) framework {
	if f, ok := frameworks[id]; ok {
		if f.controlID == nil {
			f.controlID = plainControlID(id)
		}
		return f
	}
	return framework{ID: id, Title: id, controlID: plainControlID(id)}
}

var nistEnhancement = regexp.MustCompile(`^([A-Za-z]{2})-(\d+)(?:\s*\((\d+)\))?$`)

// nistControlID writes SP 800-53 ids as NIST's OSCAL catalog does:
// "AC-2" is "ac-2", "AC-2(1)" is "ac-2.1".
func nistControlID(id string) string {
	m := nistEnhancement.FindStringSubmatch(strings.TrimSpace(id))
	if m == nil {
		return token(strings.ToLower(id))
	}
	out := strings.ToLower(m[1]) + "-" + m[2]
	if m[3] != "" {
		out += "." + m[3]
	}
	return out
}

// plainControlID lower-cases an id and makes it a token; an id that does
// not start with a letter (CIS "1.1", DORA "28") is prefixed with the
// framework id so it stays readable: "cis-v8_1.1".
func plainControlID(fw string) func(string) string {
	return func(id string) string {
		id = strings.ToLower(strings.TrimSpace(id))
		t := token(id)
		if strings.HasPrefix(t, "_") {
			return token(fw) + t
		}
		return t
	}
}
