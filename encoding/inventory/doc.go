// Package inventory reads the account lists that the clouds' own CLIs and
// APIs print, in their documented JSON shapes, into one list of accounts:
// AWS Organizations (list-accounts, with tags and parents merged in), Azure
// (Resource Graph resourcecontainers rows, the subscriptions REST API and
// az account list) and Google Cloud (gcloud projects list and the Resource
// Manager v1 and v3 list responses).
//
// Readers are streaming and bounded: a file larger than the limit is
// refused before it is read, records are decoded one at a time, and every
// problem is a diagnostic (DM701, DM702) naming the file, the line and
// column of the record and its JSON path. A file with errors contributes
// the records that could be read, so a check can still report on them;
// an import refuses to write anything.
package inventory
