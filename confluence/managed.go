package confluence

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Finding the pages demarc published before. The label search (CQL) is
// one request for the whole tree, but Confluence's search index trails
// writes by minutes; listing the parent's descendants reads the pages
// themselves. The listing is used when the search misses a page the model
// has, so a publish right after another finds every page without a
// request per page, and never mistakes a page the index has not seen for
// one that lost its label.

const expandRemote = "version,ancestors,metadata.labels,metadata.properties." + PropertyKey

// findManaged finds the pages demarc published below the parent and reads
// their markers. Pages published under another parent (another model in
// the same space) are left out; a key carried by several pages (a copied
// page keeps labels and properties) keeps the page with the wanted title,
// else the oldest, and reports the others as ignored.
func (p *publisher) findManaged(ctx context.Context, pages []Page) (map[string]*remote, []PlanItem, error) {
	title := map[string]string{}
	for _, pg := range pages {
		title[pg.Key] = pg.Title
	}
	cql := fmt.Sprintf(`label = "%s" and space = "%s" and type = page`, Label, p.cfg.Space)
	var found []*remote
	err := list(ctx, p.c, request{op: "search the pages demarc manages", method: http.MethodGet, path: "/content/search",
		query: url.Values{"cql": {cql}, "limit": {"100"}, "expand": {expandRemote}}}, func(ct content) error {
		r := ct.remote()
		// The index may be older than the page: trust the page's own
		// labels when the expansion gave them.
		r.Unlabelled = r.Labels != nil && !slices.Contains(r.Labels, Label)
		found = append(found, r)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if found, err = p.withMarkers(ctx, found); err != nil {
		return nil, nil, err
	}
	managed, ignored := p.indexByKey(found, title)
	if missing := slices.ContainsFunc(pages, func(pg Page) bool { return managed[pg.Key] == nil }); !missing {
		return managed, ignored, nil
	}
	// The search disagrees with the model: read the tree itself.
	listed, err := p.listTree(ctx)
	if err != nil {
		return nil, nil, err
	}
	seen := map[string]bool{}
	for _, r := range found {
		seen[r.ID] = true
	}
	var fresh []*remote
	for _, r := range listed {
		if !seen[r.ID] {
			fresh = append(fresh, r)
		}
	}
	if fresh, err = p.withMarkers(ctx, fresh); err != nil {
		return nil, nil, err
	}
	for _, r := range fresh {
		if r.Marker.Root != p.rootMark {
			continue
		}
		if err := p.readLabels(ctx, r); err != nil {
			return nil, nil, err
		}
	}
	// A page the index misses is relabelled only if it really lacks it.
	managed, ignored = p.indexByKey(append(found, fresh...), title)
	return managed, ignored, nil
}

// listTree lists every page below the parent (the whole space when
// publishing at its top), read from the pages, not the search index.
func (p *publisher) listTree(ctx context.Context) ([]*remote, error) {
	req := request{op: "list the pages below the parent", method: http.MethodGet, path: "/content/" + p.root + "/descendant/page",
		query: url.Values{"limit": {"100"}, "expand": {expandRemote}}}
	if p.root == "" {
		req = request{op: "list the pages of space " + p.cfg.Space, method: http.MethodGet, path: "/content",
			query: url.Values{"spaceKey": {p.cfg.Space}, "type": {"page"}, "limit": {"100"}, "expand": {expandRemote}}}
	}
	var out []*remote
	err := list(ctx, p.c, req, func(ct content) error {
		out = append(out, ct.remote())
		return nil
	})
	return out, err
}

// withMarkers returns the pages of rs that carry demarc's marker, reading
// the property of those whose listing did not expand it.
func (p *publisher) withMarkers(ctx context.Context, rs []*remote) ([]*remote, error) {
	out := rs[:0]
	for _, r := range rs {
		if r.Marker == nil {
			// The expansion may be unsupported: read the property itself.
			m, v, err := p.readMarker(ctx, r.ID, r.Title)
			if err != nil {
				return nil, err
			}
			if m == nil {
				continue // not published by demarc (or labelled by hand)
			}
			r.Marker, r.PropVersion = m, v
		}
		out = append(out, r)
	}
	return out, nil
}

// indexByKey indexes the pages published under this parent by key.
func (p *publisher) indexByKey(found []*remote, title map[string]string) (map[string]*remote, []PlanItem) {
	managed := map[string]*remote{}
	var ignored []PlanItem
	for _, r := range found {
		if r.Marker.Root != p.rootMark {
			continue
		}
		if prev := managed[r.Marker.Key]; prev != nil {
			keep, drop := prev, r
			want := title[r.Marker.Key]
			if rw, pw := r.Title == want, prev.Title == want; rw && !pw || rw == pw && idLess(r.ID, prev.ID) {
				keep, drop = r, prev
			}
			managed[r.Marker.Key] = keep
			ignored = append(ignored, PlanItem{Key: drop.Marker.Key, Title: drop.Title, ID: drop.ID, Reason: fmt.Sprintf("a copy of page %s (same demarc key); left alone", keep.ID)})
			continue
		}
		managed[r.Marker.Key] = r
	}
	return managed, ignored
}

// readLabels settles whether r carries demarc's label, reading its labels
// when the listing did not give them.
func (p *publisher) readLabels(ctx context.Context, r *remote) error {
	if r.Labels == nil {
		r.Labels = []string{}
		err := list(ctx, p.c, request{op: "read the labels of", page: r.Title, method: http.MethodGet, path: "/content/" + r.ID + "/label"},
			func(l struct {
				Name string `json:"name"`
			}) error {
				r.Labels = append(r.Labels, l.Name)
				return nil
			})
		if err != nil {
			return err
		}
	}
	r.Unlabelled = !slices.Contains(r.Labels, Label)
	return nil
}

func idLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// readMarker reads the demarc property of a page; nil when it has none.
func (p *publisher) readMarker(ctx context.Context, id, title string) (*marker, int, error) {
	var prop property
	err := p.c.do(ctx, request{op: "read the demarc property of", page: title, method: http.MethodGet, path: "/content/" + id + "/property/" + PropertyKey}, &prop)
	if IsStatus(err, http.StatusNotFound) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, err
	}
	m, v := decodeMarker(prop)
	return m, v, nil
}

// findByTitle returns the page with title in the space, with its marker
// and whether it carries demarc's label.
func (p *publisher) findByTitle(ctx context.Context, title string) (*remote, error) {
	var found *remote
	err := list(ctx, p.c, request{op: "look up page", page: title, method: http.MethodGet, path: "/content",
		query: url.Values{"spaceKey": {p.cfg.Space}, "title": {title}, "type": {"page"}, "expand": {expandRemote}}}, func(ct content) error {
		if found == nil && strings.EqualFold(ct.Title, title) {
			found = ct.remote()
		}
		return nil
	})
	if err != nil || found == nil {
		return nil, err
	}
	if found.Marker == nil {
		m, v, err := p.readMarker(ctx, found.ID, found.Title)
		if err != nil {
			return nil, err
		}
		found.Marker, found.PropVersion = m, v
	}
	if found.Marker != nil {
		if err := p.readLabels(ctx, found); err != nil {
			return nil, err
		}
	}
	return found, nil
}
