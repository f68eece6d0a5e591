// Package sheet writes a book (package view) as spreadsheets for the people
// who read the model in Excel or LibreOffice: an XLSX workbook (WriteXLSX)
// and the same tables as CSV files (WriteCSV).
//
// The workbook has an Overview sheet (organisation, generation time, counts
// and health), one sheet per landing zone with the resolved RACI matrix —
// one row per activity and service, so a filter on any column works —
// and Parties, Decisions and Tenants sheets.
//
// Spreadsheets evaluate what looks like a formula, so model text is
// dangerous there: a party named =HYPERLINK("http://x","y") would become a
// link, and @SUM(1) or -1+1 a computed value. Every cell is written as a
// string (never a formula), and text starting with =, +, -, @, a tab or a
// line break is prefixed with a single quote (Neutralise), in the workbook
// and in the CSV files alike.
//
// The workbook is streamed: rows are produced from the book on demand and
// written to temporary files, so memory stays bounded for models whose
// matrices hold millions of rows, and a matrix longer than a worksheet's
// 1,048,576 rows continues on "<zone> (2)" sheets.
package sheet
