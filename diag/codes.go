package diag

import (
	"fmt"
	"sort"
	"strings"
)

// Code is a stable diagnostic code such as "DM104". Codes never change
// meaning once released; retired codes are not reused.
type Code string

// The diagnostic codes. Group 0xx: reading files; 1xx: model structure and
// references; 2xx: responsibility semantics; 3xx: review hygiene; 4xx: tenants;
// 5xx: unused elements.
const (
	YAMLSyntax      Code = "DM001"
	InputLimit      Code = "DM002"
	UnreadableInput Code = "DM003"
	NotRegularFile  Code = "DM004"
	LinkLeavesModel Code = "DM005"

	UnknownKey        Code = "DM101"
	WrongType         Code = "DM102"
	MissingRequired   Code = "DM103"
	DuplicateID       Code = "DM104"
	DanglingReference Code = "DM105"
	InvalidValue      Code = "DM106"
	PartyCycle        Code = "DM107"

	NoAccountable           Code = "DM201"
	MultipleAccountable     Code = "DM202"
	NoResponsible           Code = "DM203"
	Gap                     Code = "DM204"
	Conflict                Code = "DM205"
	InternalOnProviderCell  Code = "DM206"
	ProviderAccountable     Code = "DM207"
	RuleMatchesNothing      Code = "DM208"
	PlaceholderWithoutOwner Code = "DM209"
	ScopeOutsideGrain       Code = "DM210"

	PartyWithoutContact Code = "DM301"
	RuleWithoutRational Code = "DM302"
	AgreedNotApproved   Code = "DM303"
	ReviewOverdue       Code = "DM304"
	Unacknowledged      Code = "DM305"

	OrphanedTenant Code = "DM401"

	UnusedParty    Code = "DM501"
	UnusedActivity Code = "DM502"
)

// CodeInfo describes a code for `demarc explain` and for SARIF rule metadata.
type CodeInfo struct {
	Code     Code
	Name     string // kebab-case slug, accepted by explain and config files
	Severity Severity
	Title    string // one line
	Explain  string // several paragraphs of Markdown-ish plain text
}

var registry = map[Code]*CodeInfo{}

func register(c Code, name string, sev Severity, title string) {
	registry[c] = &CodeInfo{Code: c, Name: name, Severity: sev, Title: title}
}

func init() {
	register(YAMLSyntax, "yaml-syntax", Error, "The file is not valid YAML or CSV")
	register(InputLimit, "input-limit", Error, "The input exceeds a safety limit")
	register(UnreadableInput, "unreadable-input", Error, "A model file or directory cannot be read")
	register(NotRegularFile, "not-a-regular-file", Error, "A model file is a pipe, socket or device")
	register(LinkLeavesModel, "link-leaves-model", Error, "A symbolic link leads outside the model directory")
	register(UnknownKey, "unknown-key", Error, "A key is not part of the model format")
	register(WrongType, "wrong-type", Error, "A value has the wrong type")
	register(MissingRequired, "missing-required", Error, "A required field is missing")
	register(DuplicateID, "duplicate-id", Error, "Two elements of the same kind share an id")
	register(DanglingReference, "dangling-reference", Error, "A reference names an element that does not exist")
	register(InvalidValue, "invalid-value", Error, "A value is not one of the allowed values")
	register(PartyCycle, "party-cycle", Error, "The party hierarchy contains a cycle")
	register(NoAccountable, "no-accountable", Error, "A rule names no accountable party")
	register(MultipleAccountable, "multiple-accountable", Error, "A rule names more than one accountable party")
	register(NoResponsible, "no-responsible", Error, "A rule names no responsible party")
	register(Gap, "gap", Error, "A customer-side cell has no rule")
	register(Conflict, "conflict", Error, "Two equally specific rules disagree on a cell")
	register(InternalOnProviderCell, "internal-on-provider-cell", Error, "An internal party is assigned to a cell the provider owns")
	register(ProviderAccountable, "provider-accountable", Error, "A provider party is accountable for a customer-side cell")
	register(RuleMatchesNothing, "rule-matches-nothing", Warning, "A rule applies to no cell of the model")
	register(PlaceholderWithoutOwner, "placeholder-outside-tenant", Error, "The tenant-owner placeholder is used where no tenant can be known")
	register(ScopeOutsideGrain, "scope-outside-grain", Error, "A rule's scope fixes a dimension the activity's grain does not have")
	register(PartyWithoutContact, "party-without-contact", Warning, "A party has no contact")
	register(RuleWithoutRational, "missing-rationale", Warning, "A rule has no rationale")
	register(AgreedNotApproved, "agreed-not-approved", Warning, "An agreed rule lacks its accountable party's approval")
	register(ReviewOverdue, "review-overdue", Warning, "A rule's review-by date has passed")
	register(Unacknowledged, "unacknowledged-responsibilities", Warning, "A party has not acknowledged all the decisions it holds")
	register(OrphanedTenant, "orphaned-tenant", Error, "A tenant has no valid owner or landing zone")
	register(UnusedParty, "unused-party", Info, "A party holds no responsibility")
	register(UnusedActivity, "unused-activity", Info, "An activity is never decided")
}

// Info returns the registry entry for c, or nil when c is unknown.
func (c Code) Info() *CodeInfo { return registry[c] }

// Name returns the kebab-case slug of c.
func (c Code) Name() string {
	if i := registry[c]; i != nil {
		return i.Name
	}
	return string(c)
}

// DefaultSeverity is the severity a code has unless configured otherwise.
func (c Code) DefaultSeverity() Severity {
	if i := registry[c]; i != nil {
		return i.Severity
	}
	return SeverityInvalid
}

// Lookup finds a code by its id ("DM204", case-insensitive) or its name ("gap").
func Lookup(s string) (*CodeInfo, error) {
	s = strings.TrimSpace(s)
	for _, info := range registry {
		if strings.EqualFold(string(info.Code), s) || strings.EqualFold(info.Name, s) {
			return info, nil
		}
	}
	var names []string
	for _, info := range registry {
		names = append(names, string(info.Code), info.Name)
	}
	if sug := DidYouMean(strings.ToLower(s), names); sug != "" {
		return nil, fmt.Errorf("unknown diagnostic code %q (did you mean %q?); `demarc explain` lists all codes", s, sug)
	}
	return nil, fmt.Errorf("unknown diagnostic code %q; `demarc explain` lists all codes", s)
}

// All returns every registered code, ordered by code.
func All() []*CodeInfo {
	out := make([]*CodeInfo, 0, len(registry))
	for _, i := range registry {
		out = append(out, i)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Code < out[b].Code })
	return out
}
