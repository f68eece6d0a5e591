package sheet

// SetMaxRows lowers the rows per worksheet for a test and returns the
// function that restores it.
func SetMaxRows(n int) (restore func()) {
	old := maxRows
	maxRows = n
	return func() { maxRows = old }
}

// SheetName returns the name the workbook gives part of a table after the
// given names are taken.
func SheetName(taken []string, base string, part int) string {
	n := newSheetNames()
	for _, t := range taken {
		n.reserve(t)
	}
	return n.make(base, part)
}
