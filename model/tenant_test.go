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
