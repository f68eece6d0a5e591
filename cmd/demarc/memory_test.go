package main

import (
	"testing"

	"github.com/demarc-dev/demarc/server"
)

func TestParseMemoryLimit(t *testing.T) {
	for in, want := range map[string]int64{
		"auto": server.LimitAuto, "": server.LimitAuto, "off": server.LimitOff, "OFF": server.LimitOff,
		"600MiB": 600 << 20, "2GiB": 2 << 30, "500MB": 500e6, "1 GB": 1e9, "104857600": 100 << 20,
	} {
		got, err := parseMemoryLimit(in)
		if err != nil || got != want {
			t.Errorf("parseMemoryLimit(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"lots", "-5MiB", "0", "1KiB", "63MiB", "9999999999GiB", "12XB"} {
		if got, err := parseMemoryLimit(in); err == nil {
			t.Errorf("parseMemoryLimit(%q) = %d, want an error", in, got)
		}
	}
}
