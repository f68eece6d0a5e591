package confluence

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

func (p *publisher) apply(ctx context.Context, plan *Plan) error {
	p.total = len(plan.Create) + len(plan.Update) + len(plan.Labelled) + len(plan.Attachments)
	if p.cfg.DeleteRemoved {
		p.total += len(plan.Orphaned)
	}
	if p.total == 0 {
		return nil
	}
	deleted := map[string]bool{}
	del := func(it PlanItem) error {
		if deleted[it.ID] {
			return nil
		}
		err := p.c.do(ctx, request{op: "delete page", page: it.Title, method: http.MethodDelete, path: "/content/" + it.ID}, nil)
		if err != nil && !IsStatus(err, http.StatusNotFound) {
			return err
		}
		deleted[it.ID] = true
		plan.Deleted = append(plan.Deleted, it)
		p.step(it.Title)
		return nil
	}
	// Orphans holding a title a page is renamed to go first.
	for _, st := range p.states {
		if st.afterDelete == "" {
			continue
		}
		for _, it := range plan.Orphaned {
			if it.ID == st.afterDelete {
				if err := del(it); err != nil {
					return err
				}
			}
		}
	}
	// Parents before children, and a page whose title another page gives
	// up in this publish after that page.
	done := map[string]bool{}
	pending := p.states
	for len(pending) > 0 {
		var later []*pageState
		for _, st := range pending {
			if pk := st.page.ParentKey; pk != "" && !done[pk] || st.waitFor != "" && !done[st.waitFor] {
				later = append(later, st)
				continue
			}
			if err := p.applyPage(ctx, st); err != nil {
				return err
			}
			done[st.page.Key] = true
		}
		if len(later) == len(pending) {
			var titles []string
			for _, st := range later {
				titles = append(titles, strconv.Quote(st.page.Title))
			}
			return fmt.Errorf("confluence: these pages take each other's titles: %s; rename one of the elements to a new name, publish, then to the name wanted", strings.Join(titles, ", "))
		}
		pending = later
	}
	if !p.cfg.DeleteRemoved {
		return nil
	}
	for _, it := range plan.Orphaned {
		if err := del(it); err != nil {
			return err
		}
	}
	return nil
}

func (p *publisher) step(title string) {
	p.done++
	if p.cfg.Progress != nil {
		p.cfg.Progress(p.done, p.total, title)
	}
}

func (p *publisher) applyPage(ctx context.Context, st *pageState) error {
	pg := st.page
	markerDirty := false
	if st.remote == nil {
		if err := p.create(ctx, st); err != nil {
			return err
		}
		p.step(pg.Title)
		// An adopted page (see create) may carry an older marker.
		mk := st.remote.Marker
		markerDirty = mk.Hash != st.hash || mk.Root != p.rootMark || mk.Version != st.remote.Version
	} else if takeover := st.remote.Marker.Key != pg.Key; st.update != "" || st.label || takeover {
		if st.update != "" {
			if err := p.update(ctx, st); err != nil {
				return err
			}
		}
		markerDirty = st.update != "" || takeover
		p.step(pg.Title)
	}
	if st.label {
		err := p.c.do(ctx, request{op: "label page", page: pg.Title, method: http.MethodPost, path: "/content/" + st.remote.ID + "/label",
			body: mustJSON([]map[string]string{{"prefix": "global", "name": Label}}), ctype: "application/json"}, nil)
		if err != nil {
			return err
		}
	}
	files := map[string]string{}
	for k, v := range st.remote.Marker.Files {
		if _, ok := st.files[k]; ok {
			files[k] = v
		}
	}
	for _, it := range st.upload {
		a := attachmentNamed(pg, it.Name)
		if err := p.upload(ctx, st, a); err != nil {
			return err
		}
		files[a.Name] = st.files[a.Name]
		markerDirty = true
		p.step(pg.Title)
	}
	if len(st.upload) > 0 {
		// Some Confluence versions count an attachment as a new page
		// version; record the version the page has now, so the next
		// publish does not take it for an edit.
		var cur content
		if err := p.c.do(ctx, request{op: "read page", page: pg.Title, method: http.MethodGet, path: "/content/" + st.remote.ID, query: url.Values{"expand": {"version"}}}, &cur); err != nil {
			return err
		}
		if cur.Version.Number > 0 {
			st.remote.Version = cur.Version.Number
		}
	}
	if markerDirty {
		m := marker{Key: pg.Key, Root: p.rootMark, Hash: st.hash, Version: st.remote.Version, Files: files}
		if err := p.writeMarker(ctx, st, m); err != nil {
			return err
		}
	}
	return nil
}

func attachmentNamed(pg *Page, name string) Attachment {
	for _, a := range pg.Attachments {
		if a.Name == name {
			return a
		}
	}
	return Attachment{Name: name}
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only plain maps and structs are marshalled
	}
	return b
}

type storageBody struct {
	Storage struct {
		Value          string `json:"value"`
		Representation string `json:"representation"`
	} `json:"storage"`
}

func newStorage(body string) storageBody {
	var b storageBody
	b.Storage.Value, b.Storage.Representation = body, "storage"
	return b
}

type idRef struct {
	ID string `json:"id"`
}

// create adds a page with its marker (as a content property of the new
// page, in the same request, so no unmarked page is ever left behind).
func (p *publisher) create(ctx context.Context, st *pageState) error {
	pg := st.page
	parent, known := p.parentID(pg)
	if !known {
		return fmt.Errorf("confluence: cannot create %q: its parent page was not created", pg.Title)
	}
	m := marker{Key: pg.Key, Root: p.rootMark, Hash: st.hash, Version: 1}
	body := map[string]any{
		"type":  "page",
		"title": pg.Title,
		"space": map[string]string{"key": p.cfg.Space},
		"body":  newStorage(pg.Body),
		"metadata": map[string]any{"properties": map[string]any{
			PropertyKey: map[string]any{"key": PropertyKey, "value": m},
		}},
	}
	if parent != "" {
		body["ancestors"] = []idRef{{parent}}
	}
	var ct content
	err := p.c.do(ctx, request{op: "create page", page: pg.Title, method: http.MethodPost, path: "/content", body: mustJSON(body), ctype: "application/json"}, &ct)
	if IsStatus(err, http.StatusBadRequest) {
		// A title taken: by this page, if a retried request was applied
		// before, or an earlier publish stopped before labelling it.
		r, ferr := p.findByTitle(ctx, pg.Title)
		if ferr != nil {
			return errors.Join(err, ferr)
		}
		if r == nil {
			return err
		}
		if r.Marker == nil || r.Marker.Key != pg.Key {
			return fmt.Errorf("confluence: cannot create %q: a page with this title (id %s) exists that demarc did not create for %s; rename or move it", pg.Title, r.ID, pg.Key)
		}
		st.remote, st.label = r, r.Unlabelled
		if p.staleness(st) != "" {
			return p.update(ctx, st)
		}
		return nil
	}
	if err != nil {
		return err
	}
	st.remote = &remote{ID: ct.ID, Title: pg.Title, Version: max(ct.Version.Number, 1), ParentID: parent, Marker: &m}
	st.label, st.created = true, true
	// Confirm the marker arrived with the page (older servers may ignore
	// properties given on create) and learn its version for later updates.
	got, v, err := p.readMarker(ctx, ct.ID, pg.Title)
	if err != nil {
		return err
	}
	if got == nil {
		err := p.c.do(ctx, request{op: "mark page", page: pg.Title, method: http.MethodPost, path: "/content/" + ct.ID + "/property",
			body: mustJSON(map[string]any{"key": PropertyKey, "value": m}), ctype: "application/json"}, nil)
		if err != nil {
			return err
		}
		v = 1
	}
	st.remote.PropVersion = v
	return nil
}

// update writes the page's title, place and body as the next version. A
// 409 (someone saved the page meanwhile) re-reads the version once.
func (p *publisher) update(ctx context.Context, st *pageState) error {
	pg := st.page
	parent, known := p.parentID(pg)
	if !known {
		return fmt.Errorf("confluence: cannot update %q: its parent page was not created", pg.Title)
	}
	for attempt := 0; ; attempt++ {
		body := map[string]any{
			"id":      st.remote.ID,
			"type":    "page",
			"title":   pg.Title,
			"space":   map[string]string{"key": p.cfg.Space},
			"body":    newStorage(pg.Body),
			"version": map[string]any{"number": st.remote.Version + 1, "minorEdit": true, "message": "Published by demarc"},
		}
		if parent != "" {
			body["ancestors"] = []idRef{{parent}}
		}
		var ct content
		err := p.c.do(ctx, request{op: "update page", page: pg.Title, method: http.MethodPut, path: "/content/" + st.remote.ID, body: mustJSON(body), ctype: "application/json"}, &ct)
		if IsStatus(err, http.StatusConflict) && attempt == 0 {
			var cur content
			if rerr := p.c.do(ctx, request{op: "read page", page: pg.Title, method: http.MethodGet, path: "/content/" + st.remote.ID, query: url.Values{"expand": {"version"}}}, &cur); rerr != nil {
				return errors.Join(err, rerr)
			}
			if cur.Version.Number == st.remote.Version {
				return err
			}
			st.remote.Version = cur.Version.Number
			continue
		}
		if err != nil {
			return err
		}
		st.remote.Version++
		if ct.Version.Number > 0 {
			st.remote.Version = ct.Version.Number
		}
		st.remote.Title, st.remote.ParentID = pg.Title, parent
		return nil
	}
}

type attachmentJSON struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// upload adds or replaces an attachment. Multipart requests need the
// X-Atlassian-Token: no-check header, else Confluence refuses them as XSRF.
func (p *publisher) upload(ctx context.Context, st *pageState, a Attachment) error {
	pg := st.page
	op := "upload attachment " + a.Name + " to"
	data, ctype, err := multipartFile(a, "Published by demarc ("+st.files[a.Name]+")")
	if err != nil {
		return err
	}
	existing := ""
	if !st.created {
		// The file may exist even when the marker does not list it: an
		// earlier publish may have stopped before recording it.
		existing, err = p.attachmentID(ctx, st.remote.ID, a.Name, pg.Title)
		if err != nil {
			return err
		}
	}
	path := "/content/" + st.remote.ID + "/child/attachment"
	if existing != "" {
		path += "/" + existing + "/data"
	}
	err = p.c.do(ctx, request{op: op, page: pg.Title, method: http.MethodPost, path: path, body: data, ctype: ctype, xsrf: true}, nil)
	if existing == "" && IsStatus(err, http.StatusBadRequest) {
		// Already there: a retried upload that was applied before.
		id, ferr := p.attachmentID(ctx, st.remote.ID, a.Name, pg.Title)
		if ferr != nil || id == "" {
			return errors.Join(err, ferr)
		}
		err = p.c.do(ctx, request{op: op, page: pg.Title, method: http.MethodPost, path: path + "/" + id + "/data", body: data, ctype: ctype, xsrf: true}, nil)
	}
	return err
}

func (p *publisher) attachmentID(ctx context.Context, pageID, name, title string) (string, error) {
	id := ""
	err := list(ctx, p.c, request{op: "list attachments of", page: title, method: http.MethodGet, path: "/content/" + pageID + "/child/attachment",
		query: url.Values{"filename": {name}}}, func(a attachmentJSON) error {
		if id == "" && a.Title == name {
			id = a.ID
		}
		return nil
	})
	return id, err
}

// writeMarker stores the marker as the property's next version.
func (p *publisher) writeMarker(ctx context.Context, st *pageState, m marker) error {
	pg := st.page
	path := "/content/" + st.remote.ID + "/property/" + PropertyKey
	for attempt := 0; ; attempt++ {
		body := map[string]any{"key": PropertyKey, "value": m, "version": map[string]any{"number": st.remote.PropVersion + 1, "minorEdit": true}}
		err := p.c.do(ctx, request{op: "update the demarc property of", page: pg.Title, method: http.MethodPut, path: path, body: mustJSON(body), ctype: "application/json"}, nil)
		if IsStatus(err, http.StatusConflict, http.StatusNotFound) && attempt == 0 {
			_, v, rerr := p.readMarker(ctx, st.remote.ID, pg.Title)
			if rerr != nil {
				return errors.Join(err, rerr)
			}
			if v == 0 && IsStatus(err, http.StatusNotFound) {
				return p.c.do(ctx, request{op: "mark page", page: pg.Title, method: http.MethodPost, path: "/content/" + st.remote.ID + "/property",
					body: mustJSON(map[string]any{"key": PropertyKey, "value": m}), ctype: "application/json"}, nil)
			}
			if v == st.remote.PropVersion {
				return err
			}
			st.remote.PropVersion = v
			continue
		}
		if err != nil {
			return err
		}
		st.remote.PropVersion++
		st.remote.Marker = &m
		return nil
	}
}
