package inventory

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
)

// gcpProject is one project as `gcloud projects list --format=json` and the
// Resource Manager v1 API print it (projectId, projectNumber, name,
// labels, parent {type, id}, lifecycleState) or the v3 API (name
// "projects/N", projectId, displayName, labels, parent "folders/N", state).
type gcpProject struct {
	ProjectID      string            `json:"projectId"`
	ProjectNumber  json.Number       `json:"projectNumber"`
	Name           string            `json:"name"`
	DisplayName    string            `json:"displayName"`
	Labels         map[string]string `json:"labels"`
	Parent         json.RawMessage   `json:"parent"`
	LifecycleState string            `json:"lifecycleState"`
	State          string            `json:"state"`

	// Fields of the other providers' shapes, to say what a file is.
	AWSArn         string `json:"Arn"`
	SubscriptionID string `json:"subscriptionId"`
}

var (
	gcpProjectID  = regexp.MustCompile(`^[a-z][a-z0-9-]{4,28}[a-z0-9]$|^[a-z][a-z0-9.-]{0,61}:[a-z][a-z0-9-]{4,28}[a-z0-9]$`)
	projectNumber = regexp.MustCompile(`^[0-9]{1,20}$`)
	gcpParent     = regexp.MustCompile(`^(folders|organizations)/[0-9]{1,30}$`)
)

var gcpStates = map[string]State{
	"ACTIVE":             Active,
	"DELETE_REQUESTED":   Closing,
	"DELETE_IN_PROGRESS": Closing,
}

func (r *reader) gcp(a *Account, path string, start int) (bool, error) {
	var rec gcpProject
	if err := r.dec.Decode(&rec); err != nil {
		return false, err
	}
	if rec.AWSArn != "" || rec.SubscriptionID != "" {
		other := map[bool]string{true: AWS, false: Azure}[rec.AWSArn != ""]
		r.errAt(start, path, "%s is %s record, not a Google Cloud project", path, map[string]string{AWS: "an AWS", Azure: "an Azure"}[other]).
			WithDetail("Import it as %s: demarc import tenants %s %s", other, other, r.name)
		return false, nil
	}
	if !gcpProjectID.MatchString(rec.ProjectID) {
		r.errAt(start, path+".projectId", "%s.projectId %q is not a Google Cloud project id", path, short(rec.ProjectID)).
			WithDetail("Project ids are 6 to 30 lowercase letters, digits and hyphens, starting with a letter.")
		return false, nil
	}
	a.ID, a.idText = rec.ProjectID, rec.ProjectID
	a.Number = rec.ProjectNumber.String()
	if n, ok := strings.CutPrefix(rec.Name, "projects/"); ok && a.Number == "" {
		a.Number = n // v3 names projects by number
	}
	if !projectNumber.MatchString(a.Number) {
		a.Number = ""
	}
	name := rec.DisplayName
	if name == "" && !strings.HasPrefix(rec.Name, "projects/") {
		name = rec.Name // v1: name is the display name
	}
	a.Name = r.text(name, path+".name", start)
	a.RawState = cmpOr(rec.State, rec.LifecycleState)
	a.State = stateOf(gcpStates, a.RawState)
	r.labels(a, rec.Labels, path+".labels", start)
	if parent, ok := r.gcpParent(rec.Parent, path, start); ok && parent != "" {
		a.Parents = []string{parent}
	}
	return true, nil
}

// gcpParent reads v1's {"type": "folder", "id": "123"} and v3's
// "folders/123" alike, as "folders/123".
func (r *reader) gcpParent(raw json.RawMessage, path string, start int) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", true
	}
	var parent string
	if raw[0] == '"' {
		_ = json.Unmarshal(raw, &parent)
	} else {
		var v1 struct{ Type, ID string }
		if err := json.Unmarshal(raw, &v1); err == nil {
			parent = v1.Type + "s/" + v1.ID // folder → folders, organization → organizations
		}
	}
	if !gcpParent.MatchString(parent) {
		r.errAt(start, path+".parent", "%s.parent %s is neither a folder nor an organization", path, short(string(raw))).
			WithDetail(`Write {"type": "folder", "id": "123"} (v1) or "folders/123" (v3).`)
		return "", false
	}
	return parent, true
}
