package inventory

import (
	"regexp"
	"strings"

	"github.com/demarc-dev/demarc/model"
)

// awsAccount is one element of "Accounts" in the output of
// `aws organizations list-accounts` (and describe-account's "Account"),
// with the documented outputs of `list-tags-for-resource` ("Tags") and
// `list-parents` ("Parents") merged in by the one-liner in docs/inventory.md.
type awsAccount struct {
	ID      string `json:"Id"`
	Email   string `json:"Email"`
	Name    string `json:"Name"`
	State   string `json:"State"`
	Status  string `json:"Status"` // retired by AWS in favour of State
	Tags    []struct{ Key, Value string }
	Parents []struct{ ID, Type string }

	// Fields of the other providers' shapes, to say what a file is.
	SubscriptionID string `json:"subscriptionId"`
	ProjectID      string `json:"projectId"`
}

var (
	awsAccountID = regexp.MustCompile(`^[0-9]{12}$`)
	awsParentID  = regexp.MustCompile(`^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$`)
)

var awsStates = map[string]State{
	"ACTIVE":             Active,
	"PENDING_ACTIVATION": Pending,
	"SUSPENDED":          Suspended,
	"PENDING_CLOSURE":    Closing,
	"CLOSED":             Closed,
}

func (r *reader) aws(a *Account, path string, start int) (bool, error) {
	var rec awsAccount
	if err := r.dec.Decode(&rec); err != nil {
		return false, err
	}
	switch {
	case rec.SubscriptionID != "" || rec.ProjectID != "":
		other := map[bool]string{true: Azure, false: GCP}[rec.SubscriptionID != ""]
		r.errAt(start, path, "record %s is %s record, not an AWS account", path, map[string]string{Azure: "an Azure", GCP: "a Google Cloud"}[other]).
			WithDetail("Import it as %s: demarc import tenants %s %s", other, other, r.name)
		return false, nil
	case !awsAccountID.MatchString(rec.ID):
		r.errAt(start, path+".Id", "%s.Id %q is not an AWS account id", path, short(rec.ID)).
			WithDetail("AWS account ids are 12 digits, as `aws organizations list-accounts` prints them.")
		return false, nil
	}
	a.ID, a.idText = rec.ID, rec.ID
	a.Name = r.text(rec.Name, path+".Name", start)
	a.Email = r.text(rec.Email, path+".Email", start)
	a.RawState = cmpOr(rec.State, rec.Status)
	a.State = stateOf(awsStates, a.RawState)
	tags := make([]model.Tag, len(rec.Tags))
	for i, t := range rec.Tags {
		tags[i] = model.Tag{Key: t.Key, Value: t.Value}
	}
	r.tags(a, tags, path+".Tags", start)
	for i, p := range rec.Parents {
		if !awsParentID.MatchString(p.ID) {
			r.errAt(start, path+".Parents", "%s.Parents[%d].Id %q is not an OU or root id", path, i, short(p.ID)).
				WithDetail("Parents are what `aws organizations list-parents` prints: ou-… or r-… ids.")
			continue
		}
		a.Parents = append(a.Parents, p.ID)
	}
	return true, nil
}

func stateOf(states map[string]State, raw string) State {
	if s, ok := states[strings.ToUpper(raw)]; ok {
		return s
	}
	return Unknown
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
