package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Ack is one acknowledgement: Person, acting for party PartyID, acknowledged
// the decision RuleID in the version whose content hashes to RuleHash.
type Ack struct {
	ID         int64     `json:"id"`
	RuleID     string    `json:"rule_id"`
	RuleHash   string    `json:"rule_hash"`
	PartyID    string    `json:"party_id"`
	Person     string    `json:"person"` // e-mail address or identity-provider subject
	CreatedAt  time.Time `json:"created_at"`
	RemoteAddr string    `json:"remote_addr,omitempty"`
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	ID         int64           `json:"id"`
	At         time.Time       `json:"at"`
	Actor      string          `json:"actor"`
	Action     string          `json:"action"`
	Object     string          `json:"object"`
	Detail     json.RawMessage `json:"detail"`
	RemoteAddr string          `json:"remote_addr,omitempty"`
}

// Filter selects acknowledgements; empty fields match everything.
type Filter struct {
	Party string
	Rule  string
}

// ErrInvalid is wrapped by errors about invalid input.
var ErrInvalid = errors.New("invalid input")

// maxField bounds every text field, so hostile input cannot bloat the database.
const maxField = 512

func checkField(name, v string, required bool) error {
	switch {
	case required && strings.TrimSpace(v) == "":
		return fmt.Errorf("store: %w: %s is empty", ErrInvalid, name)
	case len(v) > maxField:
		return fmt.Errorf("store: %w: %s is longer than %d bytes", ErrInvalid, name, maxField)
	case !utf8.ValidString(v):
		return fmt.Errorf("store: %w: %s is not UTF-8", ErrInvalid, name)
	case strings.ContainsRune(v, 0):
		return fmt.Errorf("store: %w: %s contains NUL", ErrInvalid, name)
	}
	return nil
}

// Acknowledge records a. It is idempotent: acknowledging the same rule, hash,
// party and person again returns the existing row (with its original ID and
// time) and writes nothing. A new row and its audit entry are written in one
// transaction; Acknowledge returns only after it has committed.
func (s *Store) Acknowledge(ctx context.Context, a Ack) (Ack, error) {
	for _, f := range []struct {
		name, v string
		req     bool
	}{{"rule id", a.RuleID, true}, {"rule hash", a.RuleHash, true}, {"party id", a.PartyID, true}, {"person", a.Person, true}, {"remote address", a.RemoteAddr, false}} {
		if err := checkField(f.name, f.v, f.req); err != nil {
			return Ack{}, err
		}
	}
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	out, err := s.acknowledge(ctx, a)
	if err != nil {
		return Ack{}, fmt.Errorf("store: acknowledge rule %s for party %s on %s: %w", a.RuleID, a.PartyID, s.where, err)
	}
	return out, nil
}

func (s *Store) acknowledge(ctx context.Context, a Ack) (Ack, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Ack{}, err
	}
	defer tx.Rollback()
	a.CreatedAt = now()
	err = tx.QueryRowContext(ctx, s.q(`INSERT INTO acknowledgements (rule_id, rule_hash, party_id, person, created_at, remote_addr)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (rule_id, rule_hash, party_id, person) DO NOTHING
RETURNING id`), a.RuleID, a.RuleHash, a.PartyID, a.Person, s.timeArg(a.CreatedAt), a.RemoteAddr).Scan(&a.ID)
	if errors.Is(err, sql.ErrNoRows) {
		// Already acknowledged: return the existing row.
		var old Ack
		err = tx.QueryRowContext(ctx, s.q(`SELECT id, rule_id, rule_hash, party_id, person, created_at, remote_addr
FROM acknowledgements WHERE rule_id = ? AND rule_hash = ? AND party_id = ? AND person = ?`),
			a.RuleID, a.RuleHash, a.PartyID, a.Person).Scan(&old.ID, &old.RuleID, &old.RuleHash, &old.PartyID, &old.Person, scanTime{&old.CreatedAt}, &old.RemoteAddr)
		if err != nil {
			return Ack{}, err
		}
		return old, tx.Commit()
	}
	if err != nil {
		return Ack{}, err
	}
	detail := map[string]any{"ack_id": a.ID, "party": a.PartyID, "rule": a.RuleID, "rule_hash": a.RuleHash}
	if err := s.audit(ctx, tx, AuditEntry{At: a.CreatedAt, Actor: a.Person, Action: "acknowledge", Object: "rule/" + a.RuleID, RemoteAddr: a.RemoteAddr}, detail); err != nil {
		return Ack{}, err
	}
	if err := tx.Commit(); err != nil {
		return Ack{}, err
	}
	return a, nil
}

func (s *Store) audit(ctx context.Context, tx *sql.Tx, e AuditEntry, detail any) error {
	if detail == nil {
		detail = map[string]any{}
	}
	b, err := json.Marshal(detail)
	if err != nil {
		return fmt.Errorf("audit detail: %w", err)
	}
	if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO audit_log (at, actor, action, object, detail, remote_addr) VALUES (?, ?, ?, ?, ?, ?)`),
		s.timeArg(e.At), e.Actor, e.Action, e.Object, string(b), e.RemoteAddr); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// Audit records an event that is not itself a write of this package, such as
// a refused acknowledgement; detail is marshalled to JSON. It returns after
// the entry has committed.
func (s *Store) Audit(ctx context.Context, actor, action, object, remoteAddr string, detail any) error {
	for _, f := range []struct{ name, v string }{{"actor", actor}, {"action", action}, {"object", object}, {"remote address", remoteAddr}} {
		if err := checkField(f.name, f.v, f.name == "action"); err != nil {
			return err
		}
	}
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	err := func() error {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		if err := s.audit(ctx, tx, AuditEntry{At: now(), Actor: actor, Action: action, Object: object, RemoteAddr: remoteAddr}, detail); err != nil {
			return err
		}
		return tx.Commit()
	}()
	if err != nil {
		return fmt.Errorf("store: audit %s on %s: %w", action, s.where, err)
	}
	return nil
}

// Acknowledgements lists the acknowledgements matching f, oldest first.
func (s *Store) Acknowledgements(ctx context.Context, f Filter) ([]Ack, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var out []Ack
	err := s.eachAck(ctx, f, func(a Ack) error { out = append(out, a); return nil })
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (s *Store) eachAck(ctx context.Context, f Filter, fn func(Ack) error) error {
	query := `SELECT id, rule_id, rule_hash, party_id, person, created_at, remote_addr FROM acknowledgements WHERE 1=1`
	var args []any
	if f.Party != "" {
		query += " AND party_id = ?"
		args = append(args, f.Party)
	}
	if f.Rule != "" {
		query += " AND rule_id = ?"
		args = append(args, f.Rule)
	}
	query += " ORDER BY id"
	rows, err := s.db.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return fmt.Errorf("store: list acknowledgements on %s: %w", s.where, err)
	}
	defer rows.Close()
	for rows.Next() {
		var a Ack
		if err := rows.Scan(&a.ID, &a.RuleID, &a.RuleHash, &a.PartyID, &a.Person, scanTime{&a.CreatedAt}, &a.RemoteAddr); err != nil {
			return fmt.Errorf("store: list acknowledgements on %s: %w", s.where, err)
		}
		if err := fn(a); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: list acknowledgements on %s: %w", s.where, err)
	}
	return nil
}

// MaxAuditLimit caps AuditLog's limit.
const MaxAuditLimit = 10000

// AuditLog returns up to limit audit entries at or after since, oldest
// first. A limit <= 0 or above MaxAuditLimit means MaxAuditLimit.
func (s *Store) AuditLog(ctx context.Context, since time.Time, limit int) ([]AuditEntry, error) {
	if limit <= 0 || limit > MaxAuditLimit {
		limit = MaxAuditLimit
	}
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var out []AuditEntry
	err := s.eachAudit(ctx, since, limit, func(e AuditEntry) error { out = append(out, e); return nil })
	return out, err
}

func (s *Store) eachAudit(ctx context.Context, since time.Time, limit int, fn func(AuditEntry) error) error {
	query := `SELECT id, at, actor, action, object, detail, remote_addr FROM audit_log WHERE at >= ? ORDER BY id`
	args := []any{s.timeArg(since)}
	if limit > 0 {
		query += " LIMIT ?"
		args = append(args, limit)
	}
	rows, err := s.db.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return fmt.Errorf("store: read audit log on %s: %w", s.where, err)
	}
	defer rows.Close()
	for rows.Next() {
		var e AuditEntry
		var detail string
		if err := rows.Scan(&e.ID, scanTime{&e.At}, &e.Actor, &e.Action, &e.Object, &detail, &e.RemoteAddr); err != nil {
			return fmt.Errorf("store: read audit log on %s: %w", s.where, err)
		}
		e.Detail = json.RawMessage(detail)
		if err := fn(e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: read audit log on %s: %w", s.where, err)
	}
	return nil
}
