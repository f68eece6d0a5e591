package model_test

import (
	"slices"
	"testing"

	"github.com/demarc-dev/demarc/model"
)

func TestTags(t *testing.T) {
	var none model.Tags
	if none.Len() != 0 || none.List() != nil || len(none.Map()) != 0 {
		t.Fatal("the zero Tags has tags")
	}
	ts := model.NewTags([]model.Tag{{"env", "test"}, {"b", ""}, {"env", "prod"}, {"a", "x=y;z"}, {"sep\x1f", "v\x1e"}})
	want := []model.Tag{{"a", "x=y;z"}, {"b", ""}, {"env", "prod"}, {"sep\uFFFD", "v\uFFFD"}}
	if got := ts.List(); !slices.Equal(got, want) || ts.Len() != len(want) {
		t.Fatalf("List %q (Len %d), want %q", got, ts.Len(), want)
	}
	if v, ok := ts.Get("b"); !ok || v != "" {
		t.Fatalf("Get(b) = %q, %v", v, ok)
	}
	if _, ok := ts.Get("c"); ok {
		t.Fatal("Get(c) found a tag")
	}
	for k := range ts.All() {
		if k == "b" {
			break // stopping early must not panic
		}
	}
}

func TestTenantByID(t *testing.T) {
	m := model.New()
	for _, id := range []string{"111", "222", "333"} {
		m.Tenants = append(m.Tenants, &model.Tenant{ID: id})
	}
	for _, id := range []string{"111", "222", "333"} {
		if got := m.TenantByID(id); got == nil || got.ID != id {
			t.Errorf("TenantByID(%q) = %v", id, got)
		}
	}
	for _, id := range []string{"", "000", "2222", "444"} {
		if got := m.TenantByID(id); got != nil {
			t.Errorf("TenantByID(%q) = %v, want nil", id, got)
		}
	}
	if got := m.TenantIDs(); len(got) != 3 || got[0] != "111" || got[2] != "333" {
		t.Errorf("TenantIDs() = %v", got)
	}
}
