package inventory

import (
	"bytes"
	"encoding/json"

	"github.com/demarc-dev/demarc/diag"
)

// ReadFiles reads inventory files and merges them into one inventory. With
// provider empty, each file's provider is told from its shape (Detect).
// Pages of one listing are simply several files.
func ReadFiles(paths []string, provider string, lim Limits) (*Inventory, diag.Diagnostics) {
	inv := &Inventory{Sources: map[string][]byte{}}
	var ds diag.Diagnostics
	var lists [][]Account
	for _, path := range paths {
		var accts []Account
		var data []byte
		var fds diag.Diagnostics
		if provider == "" {
			accts, data, fds = ReadDetected(path, lim)
		} else {
			accts, data, fds = ReadFile(path, provider, lim)
		}
		if data != nil {
			inv.Sources[path] = data
		}
		ds = append(ds, fds...)
		lists = append(lists, accts)
	}
	var mds diag.Diagnostics
	inv.Accounts, mds = Merge(lists...)
	return inv, append(ds, mds...)
}

// ReadDetected reads one file whose provider is told from its shape.
func ReadDetected(path string, lim Limits) ([]Account, []byte, diag.Diagnostics) {
	data, ds := readBounded(path, lim)
	if data == nil {
		return nil, nil, ds
	}
	p, ok := Detect(data)
	if !ok {
		ds.Add(diag.InvalidInventory, diag.Range{Filename: path, Start: diag.Pos{Line: 1, Column: 1}, End: diag.Pos{Line: 1, Column: 1}}, "%s is not an inventory demarc knows", path).
			WithDetail("Give what `aws organizations list-accounts`, `az graph query`, `az account list` or `gcloud projects list --format=json` prints, or name the provider (demarc import tenants aws|azure|gcp).")
		return nil, data, ds
	}
	accts, rds := Read(path, p, data, lim)
	return accts, data, append(ds, rds...)
}

// Detect tells which provider printed data, from its top-level key or the
// fields of its first record.
func Detect(data []byte) (string, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return "", false
	}
	switch tok {
	case json.Delim('{'):
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return "", false
			}
			key, _ := kt.(string)
			if p, ok := recordKeys[key]; ok {
				return p, true
			}
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return "", false
			}
		}
	case json.Delim('['):
		var first map[string]json.RawMessage
		if !dec.More() || dec.Decode(&first) != nil {
			return "", false
		}
		switch has := func(k string) bool { _, ok := first[k]; return ok }; {
		case has("Id") || has("Arn"):
			return AWS, true
		case has("subscriptionId") || has("cloudName") || has("tenantId"):
			return Azure, true
		case has("projectId"):
			return GCP, true
		}
	}
	return "", false
}
