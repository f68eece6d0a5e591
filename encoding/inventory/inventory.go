package inventory

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/model"
)

// The providers an inventory can come from; they are the ids of the
// built-in baselines' providers.
const (
	AWS   = "aws"
	Azure = "azure"
	GCP   = "gcp"
)

// Providers lists the providers in the order they are shown.
var Providers = []string{AWS, Azure, GCP}

// State is an account's lifecycle state, the same words for every provider.
type State string

const (
	Active    State = "active"    // AWS ACTIVE; Azure Enabled, Warned, PastDue; GCP ACTIVE
	Pending   State = "pending"   // AWS PENDING_ACTIVATION
	Suspended State = "suspended" // AWS SUSPENDED; Azure Disabled
	Closing   State = "closing"   // AWS PENDING_CLOSURE; GCP DELETE_REQUESTED, DELETE_IN_PROGRESS
	Closed    State = "closed"    // AWS CLOSED; Azure Deleted
	Unknown   State = "unknown"   // no state given, or one demarc does not know
)

// Live reports whether an account in state s still runs workloads (or may
// again without anyone's decision): everything but suspended, closing and
// closed.
func (s State) Live() bool { return s != Suspended && s != Closing && s != Closed }

// Account is one account, subscription or project.
type Account struct {
	Provider string
	ID       string // AWS account id, Azure subscription id, GCP project id
	Number   string // GCP only: the project number, which a tenant may use as its id
	Name     string
	Email    string // AWS only: the root user's address
	State    State
	RawState string // the provider's word for the state
	Tags     model.Tags
	// Parents are the containers above the account, nearest first: AWS OU
	// or root ids (ou-…, r-…), Azure management group names, GCP
	// "folders/N" or "organizations/N".
	Parents []string

	// Pos is the account's id in its file; Path the JSON path of its record.
	Pos  diag.Range
	Path string

	idText string // the id as the file writes it, while reading
}

// Inventory is the accounts of one or more files.
type Inventory struct {
	Accounts []Account // sorted by provider and id
	// Sources holds the files' bytes, for snippets of diagnostics.
	Sources map[string][]byte
}

// Covers reports whether the inventory lists any account of provider.
func (inv *Inventory) Covers(provider string) bool {
	i, _ := slices.BinarySearchFunc(inv.Accounts, provider, func(a Account, p string) int { return strings.Compare(a.Provider, p) })
	return i < len(inv.Accounts) && inv.Accounts[i].Provider == provider
}

// Find returns the account of provider with id, or nil.
func (inv *Inventory) Find(provider, id string) *Account {
	i, ok := slices.BinarySearchFunc(inv.Accounts, [2]string{provider, id}, func(a Account, k [2]string) int {
		return cmp.Or(strings.Compare(a.Provider, k[0]), strings.Compare(a.ID, k[1]))
	})
	if !ok {
		return nil
	}
	return &inv.Accounts[i]
}

// Limits bound what a reader accepts.
type Limits struct {
	MaxFileSize int64 // bytes per file
	MaxValue    int   // bytes per name, e-mail, tag key or tag value
	MaxTags     int   // tags per account
}

// DefaultLimits are far above what the providers allow (AWS and Azure tag
// values hold 256 characters, GCP labels 63, 50 tags per resource) and far
// below what would exhaust memory: 100,000 AWS accounts with ten tags each
// are about 60 MB of pretty-printed JSON.
var DefaultLimits = Limits{MaxFileSize: 512 << 20, MaxValue: 4096, MaxTags: 1000}

// Merge sorts the accounts of several files by provider and id and reports
// ids listed twice (DM702), keeping the first.
func Merge(lists ...[]Account) ([]Account, diag.Diagnostics) {
	var all []Account
	if len(lists) == 1 {
		all = lists[0] // one file: sorted in place, not copied
	} else {
		for _, l := range lists {
			all = append(all, l...)
		}
	}
	slices.SortStableFunc(all, func(a, b Account) int {
		return cmp.Or(strings.Compare(a.Provider, b.Provider), strings.Compare(a.ID, b.ID))
	})
	var ds diag.Diagnostics
	out := all[:0]
	for i := range all {
		if len(out) > 0 {
			prev := &out[len(out)-1]
			if prev.Provider == all[i].Provider && prev.ID == all[i].ID {
				ds.Add(diag.DuplicateAccount, all[i].Pos, "%s account %s is listed twice", all[i].Provider, all[i].ID).
					WithPath(all[i].Path).
					WithRelated("first listed here", prev.Pos).
					WithDetail("Give each page of a listing once, and only pages of one export.")
				continue
			}
		}
		out = append(out, all[i])
	}
	return out, ds
}

// String is "aws account 111122223333 (shop-prod)".
func (a *Account) String() string {
	kind := map[string]string{AWS: "account", Azure: "subscription", GCP: "project"}[a.Provider]
	if a.Name != "" && a.Name != a.ID {
		return fmt.Sprintf("%s %s %s (%s)", a.Provider, kind, a.ID, a.Name)
	}
	return fmt.Sprintf("%s %s %s", a.Provider, kind, a.ID)
}
