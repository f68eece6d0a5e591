// Package report renders diagnostics for people and for tools.
//
// Every output starts from one value: Build turns diag.Diagnostics and the
// bytes of the model files into a Report, which is the JSON shape of a check
// (each diagnostic exactly as diag marshals it, plus the resolved source
// snippet of its range and of each related range, and a summary of the
// counts). WriteJSON writes that value as it is; WriteText renders the same
// value as compiler-style terminal output with file:line:col, the source line
// and a caret underline; WriteSARIF maps it to SARIF 2.1.0 for GitHub code
// scanning and other SARIF viewers. The API server can serve the Report
// itself. Because all of them read the one shape, they cannot disagree about
// where a problem is or what it says.
//
// Ranges in diagnostics count lines and columns from 1, with columns in
// Unicode code points, and may point anywhere: past the end of a line or of
// the file, into a file whose bytes are not available, or nowhere at all.
// The renderers clamp what they can and drop the snippet where they cannot;
// they never panic on any range or any source bytes.
//
// The renderers write diagnostics in the order given; callers sort them first
// (diag.Diagnostics.Sort) when they want a stable order.
package report
