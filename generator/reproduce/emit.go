package reproduce

import (
	"strings"

	"paperlab/compute"
)

// emitter recomputes one directive type in Python: the NumPy function it
// calls (defined once at the top of the script when the page uses it) and
// the inputs that function takes, in the order the script passes them.
type emitter struct {
	// fn is the Python function's name; def its definition.
	fn, def string
	// needs lists other helpers the definition calls.
	needs []string
	// inputs names the directive fields with their kinds, in call order.
	inputs []compute.InputSpec
}

// emitters lists one emitter per directive type. A directive type missing
// here is left out of the script with a comment saying so (and the test
// that compares this list with compute.Ops fails). The map and the
// slices of its emitters are shared and read-only.
func emitters() map[string]emitter { return emitterTable }

// emitterTable is built once, at init, and never written after.
var emitterTable = buildEmitters()

func buildEmitters() map[string]emitter {
	out := map[string]emitter{
		"matrix": {inputs: []compute.InputSpec{{Name: "rows", Kind: compute.MatrixInput, Required: true}}},
	}
	defs := map[string]struct {
		fn, def string
		needs   []string
	}{
		"softmax":             {"softmax", defSoftmax, nil},
		"attention":           {"attention", defAttention, []string{"masked_softmax", "visibility"}},
		"multihead":           {"multihead", defMultihead, []string{"attention"}},
		"linear-map":          {"linear_map", defLinearMap, nil},
		"positional-encoding": {"positional_encoding", defPositionalEncoding, nil},
		"span":                {"span", defSpan, nil},
		"similarity":          {"similarity", defSimilarity, nil},
		"score-stats":         {"score_stats", defScoreStats, []string{"softmax", "SplitMix64"}},
		"pe-shift":            {"pe_shift", defPEShift, []string{"positional_encoding"}},
	}
	for typ, d := range defs {
		spec, ok := compute.Op(strings.ReplaceAll(typ, "-", "_"))
		if !ok {
			continue
		}
		out[typ] = emitter{fn: d.fn, def: d.def, needs: d.needs, inputs: spec.Inputs}
	}
	return out
}

// helperDefs holds the definitions of helpers that no directive type calls
// directly, by name.
var helperDefs = map[string]string{
	"masked_softmax":      defMaskedSoftmax,
	"visibility":          defVisibility,
	"attention":           defAttention,
	"softmax":             defSoftmax,
	"SplitMix64":          defSplitMix64,
	"positional_encoding": defPositionalEncoding,
}

// helperOrder is the order in which helpers are defined in a script, so
// that every helper comes after the ones it calls.
var helperOrder = []string{"softmax", "visibility", "masked_softmax", "attention", "multihead", "linear_map",
	"positional_encoding", "span", "similarity", "SplitMix64", "score_stats", "pe_shift"}

const defPrelude = `def matrix(rows):
    """A matrix with one vector per row, as the page writes it."""
    return np.atleast_2d(np.asarray(rows, dtype=float))


def vector(entries):
    """A vector (a single row)."""
    return np.ravel(np.asarray(entries, dtype=float))


checked = 0
failures = []


def check(name, computed, shown):
    """Compare NumPy's values with the decimals the page shows.

    A shown decimal with d places is right when the exact value lies within
    half a unit of its last place (10**-d / 2) of it; a little slack on top
    absorbs float64 rounding, so a value on the boundary is not a false alarm.
    """
    global checked
    computed = np.asarray(computed, dtype=float)
    shown = np.asarray(shown, dtype=str)
    if computed.shape != shown.shape:
        failures.append(name)
        print(f"MISMATCH {name}: the page shows shape {shown.shape}, NumPy computes {computed.shape}")
        return
    places = 0
    for index in np.ndindex(shown.shape):
        label = name + "".join(f"[{i}]" for i in index)
        text, x = str(shown[index]), float(computed[index])
        d = len(text.partition(".")[2])
        places = max(places, d)
        checked += 1
        if abs(x - float(text)) > 0.5 * 10.0**-d + 1e-10 * max(1.0, abs(x)):
            failures.append(label)
            print(f"MISMATCH {label}: the page shows {text}, NumPy computes {x:.{d + 4}f} (round(x, {d}) = {round(x, d):.{d}f})")
    count = shown.size
    print(f"ok  {name}: {count} {'value agrees' if count == 1 else 'values agree'} to {places} places")


def check_exact(name, computed, shown):
    """Compare a whole number or a yes/no verdict exactly."""
    global checked
    checked += 1
    if computed != shown:
        failures.append(name)
        print(f"MISMATCH {name}: the page shows {shown}, NumPy computes {computed}")
        return
    print(f"ok  {name} = {shown}")
`

const defSoftmax = `def softmax(x, temperature=1.0):
    """softmax(x / T): shift by the largest score, exponentiate, divide by the sum."""
    s = vector(x) / temperature
    e = np.exp(s - s.max())
    return SimpleNamespace(y=e / e.sum())
`

const defVisibility = `def visibility(mask, n, m):
    """Which of the m keys each of the n queries may see: all of them, the
    causal pattern (key j for query i when j <= i), or the page's 0/1 matrix."""
    if mask is None:
        return np.ones((n, m), dtype=bool)
    if isinstance(mask, str) and mask == "causal":
        return np.tri(n, m, dtype=bool)
    return matrix(mask) != 0
`

const defMaskedSoftmax = `def masked_softmax(scores, visible):
    """Softmax of each row over the visible entries; hidden ones get weight 0."""
    s = np.where(visible, scores, -np.inf)
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)
`

const defAttention = `def attention(q, k, v, scale=None, mask=None):
    """softmax(Q K^T * scale) V, with scale = 1 / sqrt(d_k) unless the page gives one."""
    q, k, v = matrix(q), matrix(k), matrix(v)
    if scale is None:
        scale = 1 / np.sqrt(k.shape[1])
    scores = q @ k.T * scale
    weights = masked_softmax(scores, visibility(mask, len(q), len(k)))
    return SimpleNamespace(scores=scores, weights=weights, output=weights @ v)
`

const defMultihead = `def multihead(x_q, x_kv, heads, w_q, w_k, w_v, w_o, b_q=0, b_k=0, b_v=0, b_o=0, mask=None):
    """Project queries, keys and values, split their columns into heads,
    attend in each head (scale 1 / sqrt(d_k)), concatenate, project with W_O."""
    x_q, x_kv = matrix(x_q), matrix(x_kv)
    q = x_q @ matrix(w_q) + b_q
    k = x_kv @ matrix(w_k) + b_k
    v = x_kv @ matrix(w_v) + b_v
    d_k = q.shape[1] // heads
    weights, outputs = [], []
    for h in range(heads):
        cols = slice(h * d_k, (h + 1) * d_k)
        head = attention(q[:, cols], k[:, cols], v[:, cols], mask=mask)
        weights.append(head.weights)
        outputs.append(head.output)
    output = np.hstack(outputs) @ matrix(w_o) + b_o
    return SimpleNamespace(output=output, head_weights=np.array(weights), head_outputs=np.array(outputs))
`

const defLinearMap = `def linear_map(x, w, b=0):
    """y = x W + b, one input per row of x."""
    return SimpleNamespace(y=matrix(x) @ matrix(w) + b)
`

const defPositionalEncoding = `def positional_encoding(positions, d_model, base=10000):
    """PE[p, 2i] = sin(p / base^(2i/d_model)), PE[p, 2i+1] = cos(the same angle)."""
    p = np.arange(positions)[:, None]
    angle = p / float(base) ** (np.arange(0, d_model, 2) / d_model)
    pe = np.zeros((positions, d_model))
    pe[:, 0::2] = np.sin(angle)
    pe[:, 1::2] = np.cos(angle[:, : d_model // 2])
    return SimpleNamespace(pe=pe)
`

const defSpan = `def span(vectors, target):
    """Rank, membership, least-squares coefficients, projection and residual.

    The basis is made of the first vectors that each add a new direction
    (rank goes up); the others get the coefficient 0, as on the page.
    """
    vectors, target = matrix(vectors), vector(target)
    basis = []
    for i in range(len(vectors)):
        if np.linalg.matrix_rank(vectors[basis + [i]]) > len(basis):
            basis.append(i)
    rank = len(basis)
    in_span = bool(np.linalg.matrix_rank(np.vstack([vectors, target])) == rank)
    coefficients = np.zeros(len(vectors))
    if basis:
        c, *_ = np.linalg.lstsq(vectors[basis].T, target, rcond=None)
        coefficients[basis] = c
    projection = coefficients @ vectors
    residual = np.linalg.norm(target - projection)
    return SimpleNamespace(rank=rank, in_span=in_span, coefficients=coefficients,
                           projection=projection, residual=residual)
`

const defSimilarity = `def similarity(q, k):
    """Dot products q_i . k_j, the norms of the rows, and cosines dot / (|q_i| |k_j|)."""
    q, k = matrix(q), matrix(k)
    dot = q @ k.T
    q_norms, k_norms = np.linalg.norm(q, axis=1), np.linalg.norm(k, axis=1)
    cosine = dot / q_norms[:, None] / k_norms[None, :]
    return SimpleNamespace(dot=dot, cosine=cosine, q_norms=q_norms, k_norms=k_norms)
`

const defSplitMix64 = `class SplitMix64:
    """The engine's seeded generator (splitmix64), so that the script draws
    exactly the page's random +1/-1 vectors."""

    MASK = (1 << 64) - 1

    def __init__(self, state):
        self.state = state & self.MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & self.MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & self.MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & self.MASK
        return z ^ (z >> 31)

    def signs(self, d):
        """d entries +1 or -1: bit b of each 64-bit draw gives 1 - 2 * bit."""
        out = []
        for i in range(0, d, 64):
            bits = self.next()
            out.extend(1 - 2 * ((bits >> b) & 1) for b in range(min(64, d - i)))
        return np.array(out)
`

const defScoreStats = `def score_stats(d_k, keys, trials, seed):
    """For each dimension d: random +1/-1 queries and keys, the variance of
    their scores q . k (about d), that variance divided by d, and the mean
    largest softmax weight of the raw and of the scaled scores (q . k / sqrt(d))."""
    out = {"raw_variance": [], "scaled_variance": [], "raw_max_weight": [], "scaled_max_weight": []}
    for d in (int(x) for x in vector(d_k)):
        scores = []
        for t in range(trials):
            g = SplitMix64((seed * 0x100000001B3) ^ (d << 32) ^ t)
            q = g.signs(d)
            scores.append([q @ g.signs(d) for _ in range(keys)])
        scores = np.array(scores, dtype=float)  # trials x keys whole numbers
        out["raw_variance"].append(scores.var())
        out["scaled_variance"].append(scores.var() / d)
        out["raw_max_weight"].append(np.mean([softmax(s).y.max() for s in scores]))
        out["scaled_max_weight"].append(np.mean([softmax(s / np.sqrt(d)).y.max() for s in scores]))
    return SimpleNamespace(**{name: np.array(values) for name, values in out.items()})
`

const defPEShift = `def pe_shift(positions, d_model, shift, base=10000):
    """PE(pos + k) = PE(pos) M_k: M_k rotates each (sin, cos) pair of columns
    by the angle k / base^(2i/d_model)."""
    pe = positional_encoding(positions + shift, d_model, base).pe
    m = np.zeros((d_model, d_model))
    for c in range(0, d_model, 2):
        angle = shift / float(base) ** (c / d_model)
        m[c, c], m[c, c + 1] = np.cos(angle), -np.sin(angle)
        m[c + 1, c], m[c + 1, c + 1] = np.sin(angle), np.cos(angle)
    shifted, mapped = pe[shift:], pe[:positions] @ m
    return SimpleNamespace(shift_map=m, shifted=shifted, mapped=mapped,
                           max_difference=np.abs(shifted - mapped).max())
`
