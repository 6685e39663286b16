// Package compute is paperlab's attention engine: it evaluates what a lab
// page asks for and proves each result before the page may show it. It is
// pure Go and does not depend on the rest of paperlab.
//
// # Notation
//
// As in the paper, vectors are rows and maps multiply on the right: a
// linear map is x W, attention is softmax(Q Kᵀ·scale) V.
//
// # Inputs
//
// Inputs are exact decimals: ParseNumber, ParseVector and ParseMatrix read
// decimal texts (as found in JSON or YAML) so that "0.1" is one tenth, not
// the float64 nearest to it. FloatVector and FloatMatrix read float64s by
// their shortest decimal text. Limits (MaxRows, MaxCols, MaxEntries,
// MaxDigits …) are enforced with errors that name them.
//
// # Operations
//
// Softmax, Attention, Multihead, LinearMap, PositionalEncoding and Span
// each take a request struct and return a result struct with float64
// fields, the Checks it passed, and a numeric-field interface shared by all
// results:
//
//   - FieldNames lists the numeric fields ("scores", "weights", "output" …);
//   - Field returns one in float64 as a Tensor (values with a shape);
//   - Decimal returns one as certified decimal texts at a number of places;
//   - Certify returns several at once, with the checks certification ran.
//
// Callers that map named inputs onto operations (the JSON Lines protocol,
// the build's directives) use the registry instead: Ops and Op describe
// each operation's inputs and fields, and Run runs one on Inputs, returning
// the shared Result interface.
// An operation's error about one of its inputs is a *FieldError, which
// names the input (and the entry, when there is one) as data.
//
// # Verification
//
// Every operation verifies its float64 result and fails with a *CheckError
// when a check does not hold: attention weights are ≥ 0, rows sum to 1
// within 4(m+1)ε and masked weights are exactly 0; outputs equal Σⱼ αᵢⱼ vⱼ
// recomputed independently (other order, compensated summation) within a
// stated bound and lie in span(V), whose exact rank is reported; span
// decides rank and membership in exact rational arithmetic.
//
// # Certified decimals
//
// Certify and Decimal recompute the whole result in arbitrary precision
// (github.com/cockroachdb/apd/v3) with ball arithmetic: every number is
// carried as a decimal midpoint and a radius that bounds all rounding
// errors (apd's exp, ln and sqrt run three digits beyond the working
// precision and are charged a thousand of their units in the last place),
// so the exact value always lies in the ball. A number is certified to d
// places when its whole ball lies strictly inside one rounding cell; the
// text is then the exact value correctly rounded. Exact results (radius 0:
// decimal inputs through exact operations, e^0 = 1 for the largest score,
// equal scores giving 1/2 or 1/4, linear maps, terminating rationals) are
// rounded half to even. The working precision starts at d+24 significant
// digits and doubles while a ball straddles a boundary, three times at
// most; a number still undecided is an error, never a guess. Certification
// also checks that the float64 result agrees with the exact one within
// 1e-9·max(1, max |field|), measuring |float64 − e| with e the float64
// nearest the exact value when the ball settles e.
//
// Most certifications do not need the arbitrary-precision run. Attention,
// softmax, multihead, linear_map, similarity and score_stats first repeat
// the same evaluation in ball arithmetic on double-doubles (about 32
// digits, every float64 rounding bounded), carrying alongside each ball a
// bound on the radius the apd evaluation gives the same number at its
// first precision (its own formulas, every rounding counted as inexact).
// When each printed number lies far enough from a rounding boundary, and
// each number from the ends of its float64's rounding interval, for the
// apd ball to fall on the same side as well, the certificate is the one
// the apd evaluation would return at d+24 digits (texts, precision and
// checks alike), and it is returned without that evaluation; otherwise
// (exact ties, numbers within about 10⁻²⁰ of a boundary, more than about
// 17 places, magnitudes beyond 1e±280, exponents between −747 and −640)
// the apd evaluation runs as described.
//
// Zero is never written "-0.000". The seed example's weights to four
// places are 0.2992, 0.1679 and 0.5329.
package compute
