package compute

// EngineVersion names the engine's numeric behaviour. It changes whenever a
// result, a check or a certified digit could change, so callers may use it
// in cache keys.
const EngineVersion = "attention-engine/2"

// Limits on the size of inputs. Every operation enforces them and fails
// with an error naming the limit.
const (
	// MaxRows is the largest number of rows of one matrix.
	MaxRows = 4096
	// MaxCols is the largest number of columns of one matrix, and the
	// largest length of one vector.
	MaxCols = 4096
	// MaxEntries is the largest number of entries of one matrix.
	MaxEntries = 1_000_000
	// MaxDigits is the largest number of certified decimal places.
	MaxDigits = 30
	// MaxSignificantDigits is the largest number of significant digits of
	// one input number.
	MaxSignificantDigits = 100
	// MaxExponentMagnitude bounds the decimal exponent of a non-zero input
	// number: its magnitude must lie in [1e-1000, 1.8e308) (the upper end is
	// the float64 range).
	MaxExponentMagnitude = 1000
	// MaxCertifyWork bounds the arbitrary-precision work of one
	// certification, counted in exact multiply-adds and function
	// evaluations. Larger requests are computed in float64 but cannot be
	// certified.
	MaxCertifyWork = 2_000_000
)
