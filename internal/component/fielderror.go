package component

import "errors"

// FieldError is a builder error caused by one field of the spec (for
// example spec.database.instanceClass): the renderer reports it at that
// field's position in aigateway.yaml.
type FieldError struct {
	// Field is the path of the field in the merged spec, starting at
	// "spec." (the renderer maps it to what the user wrote).
	Field string
	Err   error
}

func (e *FieldError) Error() string { return e.Err.Error() }
func (e *FieldError) Unwrap() error { return e.Err }

// AtField marks err as caused by field.
func AtField(field string, err error) error {
	if err == nil {
		return nil
	}
	return &FieldError{Field: field, Err: err}
}

// FieldOf returns the FieldError in err, if any.
func FieldOf(err error) (*FieldError, bool) {
	var fe *FieldError
	ok := errors.As(err, &fe)
	return fe, ok
}
