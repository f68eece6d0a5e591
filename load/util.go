package load

import (
	"io"
	"reflect"
	"unicode/utf8"
)

var ioEOF = io.EOF

func validUTF8(b []byte) bool { return utf8.Valid(b) }

func reflectValue(p any) reflect.Value { return reflect.ValueOf(p).Elem() }
