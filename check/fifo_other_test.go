//go:build !unix

package check_test

import "errors"

func mkfifo(string) error { return errors.New("named pipes are a Unix feature") }
