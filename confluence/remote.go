package confluence

import (
	"encoding/json"
)

// marker is the value of the demarc content property.
type marker struct {
	Key     string            `json:"key"`
	Root    string            `json:"root"`                  // the parent page id the tree was published under
	Hash    string            `json:"hash"`                  // of title, parent and body
	Version int               `json:"version"`               // page version the last publish wrote
	Files   map[string]string `json:"attachments,omitempty"` // attachment name → hash
}

// remote is a page found in Confluence.
type remote struct {
	ID          string
	Title       string
	Version     int
	ParentID    string
	Depth       int
	Marker      *marker
	PropVersion int
	// Labels are the page's labels when the listing gave them (nil when it
	// did not expand them).
	Labels []string
	// Unlabelled is set when the page is known to lack demarc's label.
	Unlabelled bool
}

// content is the v1 JSON of a page.
type content struct {
	ID      string               `json:"id"`
	Type    string               `json:"type"`
	Status  string               `json:"status"`
	Title   string               `json:"title"`
	Space   struct{ Key string } `json:"space"`
	Version struct {
		Number int `json:"number"`
	} `json:"version"`
	Ancestors []struct {
		ID string `json:"id"`
	} `json:"ancestors"`
	Metadata struct {
		Properties map[string]json.RawMessage `json:"properties"`
		Labels     *struct {
			Results []struct {
				Name string `json:"name"`
			} `json:"results"`
		} `json:"labels"`
	} `json:"metadata"`
}

type property struct {
	Key     string          `json:"key"`
	Value   json.RawMessage `json:"value"`
	Version struct {
		Number int `json:"number"`
	} `json:"version"`
}

func (ct *content) remote() *remote {
	r := &remote{ID: ct.ID, Title: ct.Title, Version: ct.Version.Number, Depth: len(ct.Ancestors)}
	if n := len(ct.Ancestors); n > 0 {
		r.ParentID = ct.Ancestors[n-1].ID
	}
	if l := ct.Metadata.Labels; l != nil {
		r.Labels = []string{}
		for _, x := range l.Results {
			r.Labels = append(r.Labels, x.Name)
		}
	}
	if raw, ok := ct.Metadata.Properties[PropertyKey]; ok {
		var p property
		if json.Unmarshal(raw, &p) == nil {
			r.Marker, r.PropVersion = decodeMarker(p)
		}
	}
	return r
}

func decodeMarker(p property) (*marker, int) {
	var m marker
	if json.Unmarshal(p.Value, &m) != nil || m.Key == "" {
		return nil, 0
	}
	return &m, p.Version.Number
}
