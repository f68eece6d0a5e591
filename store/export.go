package store

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"
)

// Export kinds.
const (
	KindAcknowledgements = "acknowledgements"
	KindAudit            = "audit"
)

// ExportCSV writes every row of kind ("acknowledgements" or "audit") to w as
// CSV with a header line, oldest first. Cells that a spreadsheet would read
// as a formula (starting with = + - @ TAB or CR) are prefixed with '.
func (s *Store) ExportCSV(ctx context.Context, w io.Writer, kind string) error {
	ctx, cancel := withExportTimeout(ctx)
	defer cancel()
	cw := csv.NewWriter(w)
	write := func(cells ...string) error {
		for i, c := range cells {
			cells[i] = Neutralise(c)
		}
		return cw.Write(cells)
	}
	var err error
	switch kind {
	case KindAcknowledgements:
		if err = write("id", "rule_id", "rule_hash", "party_id", "person", "created_at", "remote_addr"); err != nil {
			break
		}
		err = s.eachAck(ctx, Filter{}, func(a Ack) error {
			return write(strconv.FormatInt(a.ID, 10), a.RuleID, a.RuleHash, a.PartyID, a.Person, a.CreatedAt.Format(time.RFC3339Nano), a.RemoteAddr)
		})
	case KindAudit:
		if err = write("id", "at", "actor", "action", "object", "detail", "remote_addr"); err != nil {
			break
		}
		err = s.eachAudit(ctx, time.Time{}, 0, func(e AuditEntry) error {
			return write(strconv.FormatInt(e.ID, 10), e.At.Format(time.RFC3339Nano), e.Actor, e.Action, e.Object, string(e.Detail), e.RemoteAddr)
		})
	default:
		return fmt.Errorf("store: %w: export kind %q (want %q or %q)", ErrInvalid, kind, KindAcknowledgements, KindAudit)
	}
	if err != nil {
		return fmt.Errorf("store: export %s as CSV: %w", kind, err)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("store: export %s as CSV: %w", kind, err)
	}
	return nil
}

// ExportJSON writes every row of kind ("acknowledgements" or "audit") to w as
// a JSON array, oldest first, streaming row by row.
func (s *Store) ExportJSON(ctx context.Context, w io.Writer, kind string) error {
	ctx, cancel := withExportTimeout(ctx)
	defer cancel()
	if kind != KindAcknowledgements && kind != KindAudit {
		return fmt.Errorf("store: %w: export kind %q (want %q or %q)", ErrInvalid, kind, KindAcknowledgements, KindAudit)
	}
	first := true
	item := func(v any) error {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		sep := ",\n"
		if first {
			sep, first = "\n", false
		}
		if _, err := io.WriteString(w, sep); err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	}
	if _, err := io.WriteString(w, "["); err != nil {
		return fmt.Errorf("store: export %s as JSON: %w", kind, err)
	}
	var err error
	if kind == KindAcknowledgements {
		err = s.eachAck(ctx, Filter{}, func(a Ack) error { return item(a) })
	} else {
		err = s.eachAudit(ctx, time.Time{}, 0, func(e AuditEntry) error { return item(e) })
	}
	if err == nil {
		end := "\n]\n"
		if first {
			end = "]\n"
		}
		_, err = io.WriteString(w, end)
	}
	if err != nil {
		return fmt.Errorf("store: export %s as JSON: %w", kind, err)
	}
	return nil
}

// Neutralise prefixes a cell with ' when a spreadsheet would otherwise read
// it as a formula: when it starts with = + - @ TAB or CR.
func Neutralise(cell string) string {
	if cell == "" {
		return cell
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + cell
	}
	return cell
}

// withExportTimeout gives exports, which may stream many rows, a longer
// default deadline than single calls.
func withExportTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	if ctx == nil {
		ctx = context.Background()
	}
	if _, ok := ctx.Deadline(); ok {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, 10*DefaultTimeout)
}
