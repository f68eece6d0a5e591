package inventory

import (
	"regexp"
	"strings"
)

// azureSubscription is one subscription as Azure prints it in any of three
// documented shapes:
//   - a row of `az graph query -q "resourcecontainers | where type ==
//     'microsoft.resources/subscriptions'"` (or the Resource Graph REST
//     API): subscriptionId, name, tags, properties.state and
//     properties.managementGroupAncestorsChain;
//   - an element of "value" of the subscriptions REST API (GET
//     /subscriptions): subscriptionId, displayName, state, tags;
//   - an element of `az account list`: id, name, state, no tags.
type azureSubscription struct {
	SubscriptionID string            `json:"subscriptionId"`
	ID             string            `json:"id"`
	Name           string            `json:"name"`
	DisplayName    string            `json:"displayName"`
	Type           string            `json:"type"`
	State          string            `json:"state"`
	Tags           map[string]string `json:"tags"`
	Properties     struct {
		State     string `json:"state"`
		Ancestors []struct {
			Name        string `json:"name"`
			DisplayName string `json:"displayName"`
		} `json:"managementGroupAncestorsChain"`
	} `json:"properties"`

	// Fields of the other providers' shapes, to say what a file is.
	AWSArn    string `json:"Arn"`
	ProjectID string `json:"projectId"`
}

var azureSubscriptionID = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

var azureStates = map[string]State{
	"ENABLED":  Active,
	"WARNED":   Active, // still running; disabled soon unless paid
	"PASTDUE":  Active,
	"DISABLED": Suspended,
	"EXPIRED":  Suspended,
	"DELETED":  Closed,
}

func (r *reader) azure(a *Account, path string, start int) (bool, error) {
	var rec azureSubscription
	if err := r.dec.Decode(&rec); err != nil {
		return false, err
	}
	if rec.Type != "" && !strings.EqualFold(rec.Type, "microsoft.resources/subscriptions") {
		return false, nil // resource groups and management groups share resourcecontainers
	}
	if rec.AWSArn != "" || rec.ProjectID != "" {
		other := map[bool]string{true: AWS, false: GCP}[rec.AWSArn != ""]
		r.errAt(start, path, "record %s is %s record, not an Azure subscription", path, map[string]string{AWS: "an AWS", GCP: "a Google Cloud"}[other]).
			WithDetail("Import it as %s: demarc import tenants %s %s", other, other, r.name)
		return false, nil
	}
	id, field := rec.SubscriptionID, "subscriptionId"
	if id == "" {
		id, field = rec.ID, "id" // az account list
	}
	if !azureSubscriptionID.MatchString(id) {
		r.errAt(start, path+"."+field, "%s.%s %q is not an Azure subscription id", path, field, short(id)).
			WithDetail("Subscription ids are GUIDs such as 00000000-0000-0000-0000-000000000000.")
		return false, nil
	}
	a.ID, a.idText = strings.ToLower(id), id
	name := rec.DisplayName
	if name == "" && rec.SubscriptionID != "" && rec.Name != rec.SubscriptionID || name == "" && rec.SubscriptionID == "" {
		name = rec.Name
	}
	a.Name = r.text(name, path+".name", start)
	a.RawState = cmpOr(rec.Properties.State, rec.State)
	a.State = stateOf(azureStates, a.RawState)
	r.labels(a, rec.Tags, path+".tags", start)
	for i, mg := range rec.Properties.Ancestors {
		if mg.Name == "" {
			r.errAt(start, path+".properties.managementGroupAncestorsChain", "%s.properties.managementGroupAncestorsChain[%d] has no name", path, i)
			continue
		}
		a.Parents = append(a.Parents, r.text(mg.Name, path+".properties.managementGroupAncestorsChain", start))
	}
	return true, nil
}
