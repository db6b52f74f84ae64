"""Vectorised batch comparison (numpy): every record is encoded once into
integer features, candidate pairs come from sorting on blocking keys, and the
comparison levels of all pairs are computed array-wise.  String similarity
(rapidfuzz, through ``compare.tokens_similarity``) is computed once per
*distinct* pair of names, never per record pair.

The levels are those of ``compare.compare`` (a test checks they are equal);
identifiers and ``extra`` fields, rare in large registers, are compared per
pair in Python."""

from __future__ import annotations

import copy
import dataclasses
import datetime
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import OSA, JaroWinkler, Levenshtein

from .compare import (
    _SEX,
    EXACT_MIN,
    SAME_KEY,
    Levels,
    Profile,
    Token,
    Tokens,
    _birth,
    _group,
    _intern,
    _joined,
    ids_level,
    levels_for,
    make_token,
    place_level,
    tokens_similarity,
)
from .normalise import (
    _HONORIFICS,
    _JOIN_BOTH,
    _JOIN_NEXT,
    _JOIN_PREV,
    _canonical_spelling,
    fold,
    phonetic,
    skeleton,
    words_tokens,
)
from .records import FieldExplanation, Record

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]

WINDOW = 6  # sorted-neighbourhood window within a blocking key (sorted by birth)
CORE = ("given_name", "family_name", "birth", "sex", "place")


@dataclass
class Encoded:
    """Integer features of a list of records (one row per record; name forms
    one row per form)."""

    n: int
    form_rec: I64  # record of each form
    form_g: I64  # interned given-name id (-1: none)
    form_f: I64  # family-name id (-1: none)
    form_gsk: I64  # skeleton ids of each form's given and family name (-1: none)
    form_fsk: I64
    form_start: I64  # first form of each record
    form_count: I64  # forms per record (0: no name)
    lo: I64  # birth year range (0: unknown)
    hi: I64
    ymd: I64  # YYYYMMDD (-1: no full date)
    has_birth: npt.NDArray[np.bool_]
    sex: I64  # 0 not compared, 1 female, 2 male
    place: I64  # place id (-1: none)
    names: list[Tokens]  # id -> tokens
    places: list[Token]  # id -> place token
    # blocking features
    g_sk: I64  # skeleton id of the first form's given name (joined), -1
    g1_sk: I64  # skeleton id of the first given token, -1
    f_sk: I64  # skeleton id of the first form's family name (joined), -1
    ph: I64  # phonetic (given, family) id, -1
    _table: TokenTable | None = None
    _digits: npt.NDArray[np.uint64] | None = None
    _small: Small | None = None

    @property
    def small(self) -> Small:
        """The birth, sex and place features in the narrowest integer types:
        the comparisons of millions of pairs gather and compare them."""
        if self._small is None:
            self._small = Small(
                self.lo.astype(np.int16),
                self.hi.astype(np.int16),
                self.ymd.astype(np.int32),
                self.sex.astype(np.int8),
                self.place.astype(np.int32),
            )
        return self._small

    @property
    def digits(self) -> npt.NDArray[np.uint64]:
        """The eight digits of each record's YYYYMMDD (0 without a full date),
        one byte each, packed in a uint64."""
        if self._digits is None:
            p = np.int64(10) ** np.arange(7, -1, -1, dtype=np.int64)
            d8 = ((np.maximum(self.ymd, 0)[:, None] // p) % 10).astype(np.uint8)
            self._digits = np.ascontiguousarray(d8).view(np.uint64).reshape(-1)
        return self._digits

    @property
    def table(self) -> TokenTable:
        if self._table is None:
            self._table = TokenTable(self.names)
        return self._table

    def fork(self) -> Encoded:
        """The same features with similarity memos of their own, for another
        thread (the memos are the only state the comparisons change)."""
        return dataclasses.replace(self, _table=self.table.fork())


@dataclass
class Small:
    """``Encoded`` features in narrow types (years fit int16, YYYYMMDD int32)."""

    lo: npt.NDArray[np.int16]
    hi: npt.NDArray[np.int16]
    ymd: npt.NDArray[np.int32]
    sex: npt.NDArray[np.int8]
    place: npt.NDArray[np.int32]


_SEXES = {"f": 1, "m": 2}
_SPECIAL = _HONORIFICS | _JOIN_NEXT | _JOIN_PREV | _JOIN_BOTH


class Tokeniser:
    """``compare._tokens`` of many names, fast: folding works word by word
    (``fold(text).split()`` is the concatenation of ``fold(w).split()`` over
    the whitespace-separated words), so each distinct word is folded and made a
    ``Token`` once; names with a particle or honorific (which join or drop
    words) are joined as ``name_tokens`` does, from the folded words.  A test
    checks the tokens are identical to ``compare._tokens``."""

    def __init__(self) -> None:
        self.words: dict[str, tuple[Token, ...] | None] = {}
        self.folded: dict[str, list[str]] = {}

    def word(self, w: str) -> tuple[Token, ...] | None:
        pieces = [w.lower()] if w.isascii() and w.isalpha() else fold(w).split()
        self.folded[w] = pieces
        out: tuple[Token, ...] | None = None
        if not any(x in _SPECIAL for x in pieces):
            out = tuple(make_token(_canonical_spelling(x)) for x in pieces)
        self.words[w] = out
        return out

    def _special(self, ws: list[str]) -> Tokens:
        raw = [x for w in ws for x in self.folded[w]]
        return _intern(tuple(make_token(t) for t in words_tokens(raw)))

    def __call__(self, text: str) -> Tokens:
        ws = text.split()
        words = self.words
        if len(ws) == 1:
            t = words.get(ws[0])
            if t is None and ws[0] not in words:
                t = self.word(ws[0])
            return _intern(t) if t is not None else self._special(ws)
        out: list[Token] = []
        special = False
        for w in ws:
            t = words.get(w)
            if t is None and w not in words:
                t = self.word(w)
            if t is None:
                special = True
            elif not special:
                out.extend(t)
        return self._special(ws) if special else _intern(tuple(out))


class _Builder:
    """Interns names and places while records are encoded."""

    def __init__(self) -> None:
        self.name_id: dict[Tokens, int] = {}
        self.names: list[Tokens] = []
        self.text_id: dict[str, int] = {}
        self.place_id: dict[str, int] = {}
        self.place_text: dict[str, int] = {}
        self.places: list[Token] = []
        self.tokens = Tokeniser()

    def nid(self, t: Tokens) -> int:
        if not t:
            return -1
        i = self.name_id.get(t)
        if i is None:
            i = self.name_id[t] = len(self.names)
            self.names.append(t)
        return i

    def text(self, s: str) -> int:
        i = self.text_id.get(s)
        if i is None:
            i = self.text_id[s] = self.nid(self.tokens(s)) if s else -1
        return i

    def place(self, t: Token) -> int:
        i = self.place_id.get(t.fold)
        if i is None:
            i = self.place_id[t.fold] = len(self.places)
            self.places.append(t)
        return i

    def place_of(self, s: str) -> int:
        i = self.place_text.get(s)
        if i is None:
            folded = fold(s) if s else ""
            i = self.place(make_token(folded.replace(" ", ""))) if folded else -1
            self.place_text[s] = i
        return i


_EPOCH = datetime.date(1970, 1, 1).toordinal()


def _codes(values: list[str]) -> tuple[list[str], I64]:
    """Distinct values (in order of first occurrence) and each value's index."""
    pos: dict[str, int] = {}
    add = pos.setdefault
    codes = [add(v, len(pos)) for v in values]
    return list(pos), np.array(codes, dtype=np.int64)


def _column(records: Sequence[Record], field: str) -> list[Any]:
    """One field of every record (``attrgetter`` runs in C: faster than a
    comprehension)."""
    return list(map(operator.attrgetter(field), records))


def encode_records(records: Sequence[Record]) -> Encoded:
    """``encode`` straight from records (no ``Profile``), column by column:
    names and places are tokenised once per distinct text, names interned in
    the order ``encode`` meets them; the same features as
    ``encode([profile(r) for r in records])``."""
    n = len(records)
    bld = _Builder()
    tok = bld.tokens
    # names: given and family texts of every record, then the other names
    texts, tcode = _codes(_column(records, "given_name") + _column(records, "family_name"))
    tname = np.array([bld.nid(tok(x)) if x else -1 for x in texts], dtype=np.int64)
    gid, fid = tname[tcode[:n]], tname[tcode[n:]]
    has = (gid >= 0) | (fid >= 0)
    o_rec: list[int] = []
    o_txt: list[str] = []
    for r, others in enumerate(_column(records, "other_names")):
        for other in others:
            o_rec.append(r)
            o_txt.append(other)
    # each distinct other name split once into (given, family) ids (-2: no tokens)
    otexts, ocode = _codes(o_txt)
    o_gf: list[tuple[int, int]] = []
    for x in otexts:
        toks = tok(x)
        if len(toks) > 1:
            o_gf.append((bld.nid(_intern(toks[:-1])), bld.nid(_intern(toks[-1:]))))
        else:
            o_gf.append((bld.nid(toks), -1) if toks else (-2, -2))
    gf = np.array(o_gf, dtype=np.int64).reshape(-1, 2)[ocode]
    keep = gf[:, 0] != -2
    orec = np.array(o_rec, dtype=np.int64)[keep]
    # forms record by record: the given/family form first, then the others
    n_other = np.bincount(orec, minlength=n).astype(np.int64)
    form_count = has.astype(np.int64) + n_other
    start = np.cumsum(form_count) - form_count
    fg = np.empty(int(form_count.sum()), dtype=np.int64)
    ff = np.empty(len(fg), dtype=np.int64)
    prim = np.flatnonzero(has)
    fg[start[prim]], ff[start[prim]] = gid[prim], fid[prim]
    first_other = (np.cumsum(n_other) - n_other)[orec]
    at = start[orec] + has[orec] + np.arange(len(orec), dtype=np.int64) - first_other
    fg[at], ff[at] = gf[keep, 0], gf[keep, 1]
    # name ids in order of first occurrence (given, family, form by form)
    seq = np.stack([fg, ff], axis=1).ravel()
    ok = np.flatnonzero(seq >= 0)
    first = np.full(len(bld.names), len(seq), dtype=np.int64)
    np.minimum.at(first, seq[ok], ok)
    order = np.argsort(first)[: int((first < len(seq)).sum())]
    new_id = np.full(len(bld.names) + 1, -1, dtype=np.int64)
    new_id[order] = np.arange(len(order), dtype=np.int64)
    bld.names = [bld.names[k] for k in order.tolist()]
    # births
    lo = np.zeros(n, dtype=np.int64)
    hi = np.zeros(n, dtype=np.int64)
    ymd = np.full(n, -1, dtype=np.int64)
    has_birth = np.zeros(n, dtype=np.bool_)
    dates = _column(records, "birth_date")
    no_date = [k for k, d in enumerate(dates) if d is None]
    extras = _column(records, "extra")
    dk = [k for k, d in enumerate(dates) if d is not None]
    if dk:
        ords = [d.toordinal() for d in dates if d is not None]
        day = (np.array(ords, dtype=np.int64) - _EPOCH).astype("datetime64[D]")
        month = day.astype("datetime64[M]")
        yy = day.astype("datetime64[Y]").astype(np.int64) + 1970
        mm = month.astype(np.int64) % 12 + 1
        dd = (day - month).astype(np.int64) + 1
        has_birth[dk] = True
        lo[dk] = hi[dk] = yy
        ymd[dk] = yy * 10000 + mm * 100 + dd
    # a year or range without extra fields: the range as _birth gives it
    years = [
        (k, y, records[k].birth_year_max)
        for k in no_date
        if (y := records[k].birth_year) is not None and not extras[k]
    ]
    if years:
        yk = [k for k, _, _ in years]
        has_birth[yk] = True
        lo[yk] = [y for _, y, _ in years]
        hi[yk] = [y if m is None else max(m, y) for _, y, m in years]
    rest = [(k, b_) for k in no_date if extras[k] and (b_ := _birth(records[k])) is not None]
    if rest:
        bk = [k for k, _ in rest]
        has_birth[bk] = True
        lo[bk] = [b_.lo for _, b_ in rest]
        hi[bk] = [b_.hi for _, b_ in rest]
        full = [(k, int(b_.ymd)) for k, b_ in rest if b_.ymd and b_.ymd.isdigit()]
        if full:
            ymd[[k for k, _ in full]] = [x for _, x in full]
    # sex and place
    sexes = {k: _SEXES.get(v, 0) for k, v in _SEX.items()}
    svals, scode = _codes(_column(records, "sex"))
    smap = np.array([sexes.get(x, sexes.get(x.lower(), 0)) if x else 0 for x in svals] + [0])
    sex = smap[scode].astype(np.int64)
    pvals, pcode = _codes(_column(records, "place_of_origin"))
    pmap = np.array([bld.place_of(x) if x else -1 for x in pvals] + [-1], dtype=np.int64)
    place = pmap[pcode]
    return _finish(bld, n, new_id[fg], new_id[ff], form_count, lo, hi, ymd, has_birth, sex, place)


def encode(ps: Sequence[Profile]) -> Encoded:
    """Integer features of profiles (see ``encode_records``)."""
    n = len(ps)
    bld = _Builder()
    form_g: list[int] = []
    form_f: list[int] = []
    form_count = np.zeros(n, dtype=np.int64)
    lo = np.zeros(n, dtype=np.int64)
    hi = np.zeros(n, dtype=np.int64)
    ymd = np.full(n, -1, dtype=np.int64)
    has_birth = np.zeros(n, dtype=np.bool_)
    sex = np.zeros(n, dtype=np.int64)
    place = np.full(n, -1, dtype=np.int64)
    for r, p in enumerate(ps):
        form_count[r] = len(p.forms)
        for g, f in p.forms:
            form_g.append(bld.nid(g))
            form_f.append(bld.nid(f))
        b_ = p.birth
        if b_ is not None:
            has_birth[r] = True
            lo[r], hi[r] = b_.lo, b_.hi
            if b_.ymd and b_.ymd.isdigit():
                ymd[r] = int(b_.ymd)
        sex[r] = _SEXES.get(p.sex, 0)
        if p.place is not None:
            place[r] = bld.place(p.place)
    return _finish(bld, n, form_g, form_f, form_count, lo, hi, ymd, has_birth, sex, place)


def _finish(
    bld: _Builder,
    n: int,
    form_g_: list[int] | I64,
    form_f_: list[int] | I64,
    form_count: I64,
    lo: I64,
    hi: I64,
    ymd: I64,
    has_birth: npt.NDArray[np.bool_],
    sex: I64,
    place: I64,
) -> Encoded:
    sk_id: dict[str, int] = {}

    def skid(s: str) -> int:
        if not s:
            return -1
        i = sk_id.get(s)
        if i is None:
            i = sk_id[s] = len(sk_id)
        return i

    nn = len(bld.names)
    # skeleton and phonetic ids of each name's joined key and first token's key,
    # once per distinct key
    k0s = [t[0].key for t in bld.names]
    jks = ["".join([x.key for x in t]) if len(t) > 1 else t[0].key for t in bld.names]
    ukeys, codes = _codes(jks + k0s)
    sk_ids = np.array([skid(skeleton(x)) for x in ukeys], dtype=np.int64)
    ph_ids = np.array([skid("~" + phonetic(x)) for x in ukeys], dtype=np.int64)
    none = np.array([-1], dtype=np.int64)  # index -1: no name
    name_sk = np.concatenate([sk_ids[codes[:nn]], none])
    name_sk1 = np.concatenate([sk_ids[codes[nn:]], none])
    ph1 = np.concatenate([ph_ids[codes[nn:]], none])
    phj = np.concatenate([ph_ids[codes[:nn]], none])
    form_g = np.array(form_g_, dtype=np.int64)
    form_f = np.array(form_f_, dtype=np.int64)
    form_start = np.cumsum(form_count) - form_count
    form_rec = np.repeat(np.arange(n, dtype=np.int64), form_count)
    has = form_count > 0
    first = form_start[has]
    g0 = np.full(n, -1, dtype=np.int64)
    f0 = np.full(n, -1, dtype=np.int64)
    g0[has] = form_g[first]
    f0[has] = form_f[first]
    pa, pb = ph1[g0], phj[f0]
    ok = (g0 >= 0) & (f0 >= 0) & (pa >= 0) & (pb >= 0)
    ph = np.where(ok, _mix(np.minimum(pa, pb), np.maximum(pa, pb)), -1)
    return Encoded(
        n,
        form_rec,
        form_g,
        form_f,
        name_sk[form_g],
        name_sk[form_f],
        form_start,
        form_count,
        lo,
        hi,
        ymd,
        has_birth,
        sex,
        place,
        bld.names,
        bld.places,
        name_sk[g0],
        name_sk1[g0],
        name_sk[f0],
        ph,
    )


# --- candidate pairs -------------------------------------------------------


def _mix(a: I64, b: I64) -> I64:
    """One int64 key from two small non-negative ids (-1 stays invalid), as
    dense as the ids are (so that a sort key built on it stays short)."""
    valid = (a >= 0) & (b >= 0)
    out = a * np.int64(max(int(b.max(initial=0)), 0) + 1) + b
    out[~valid] = -1
    return out


def _compact(v: I64) -> tuple[I64, int]:
    """Non-negative values in the same order, and their range: ranks when
    the values are spread over a range a table can cover, else ``v - min``."""
    if not len(v):
        return v, 1
    lo = int(v.min())
    span = int(v.max()) - lo + 1
    if len(v) < span <= 1 << 25:
        mark = np.zeros(span, dtype=np.bool_)
        mark[v - lo] = True
        rank = np.cumsum(mark, dtype=np.int32)
        return rank[v - lo].astype(np.int64) - 1, int(rank[-1])
    return v - lo, span


def _bits(span: int) -> int:
    return max(span - 1, 1).bit_length()


def sorted_pairs(key: I64, order_by: I64, window: int = WINDOW) -> tuple[I64, I64]:
    """Pairs of records with the same key (>= 0) within ``window`` places of
    each other when sorted by key then ``order_by`` (sorted neighbourhood:
    every pair of a small block, near neighbours by birth in a large one)."""
    valid = np.flatnonzero(key >= 0)
    kv, ov = key[valid], order_by[valid]
    nb = _bits(len(valid))
    kr, ks = kv, int(kv.max(initial=0)) + 1
    orr, os_ = _compact(ov)
    if _bits(ks) + _bits(os_) + nb > 63:
        kr, ks = _compact(kv)
    if _bits(ks) + _bits(os_) + nb <= 63:
        # one sort of (key, order, position) packed in an int64: the order
        # of the stable lexsort below, faster
        packed = ((kr * np.int64(os_) + orr) << np.int64(nb)) | np.arange(len(valid))
        packed.sort()
        pos = packed & np.int64((1 << nb) - 1)
        o = valid[pos]
        k = kv[pos]
    else:
        o = valid[np.lexsort((ov, kv))]
        k = key[o]
    left: list[I64] = []
    right: list[I64] = []
    for d in range(1, window + 1):
        if d >= len(o):
            break
        m = k[:-d] == k[d:]
        left.append(o[:-d][m])
        right.append(o[d:][m])
    if not left:
        e = np.zeros(0, dtype=np.int64)
        return e, e
    return np.concatenate(left), np.concatenate(right)


def _distinct_pairs(pairs: list[tuple[I64, I64]], n: int) -> tuple[I64, I64]:
    """The distinct pairs (i < j) among pairs of distinct records, sorted."""
    if not pairs:
        e = np.zeros(0, dtype=np.int64)
        return e, e
    bits = _bits(n)
    code = np.concatenate(
        [(np.minimum(a, b) << np.int64(bits)) | np.maximum(a, b) for a, b in pairs]
    )
    code.sort()
    keep = np.empty(len(code), dtype=np.bool_)
    keep[:1] = True
    np.not_equal(code[1:], code[:-1], out=keep[1:])
    code = code[keep]
    return code >> np.int64(bits), code & np.int64((1 << bits) - 1)


def blocked_pairs(
    e: Encoded, window: int = WINDOW, year_window: int | None = None
) -> tuple[I64, I64]:
    """Distinct pairs (i < j) from the blocking rules: given + family name
    (order-free), family + birth year, given + birth year, first given name +
    family, full date of birth, and a phonetic given + family key
    (``year_window``: a narrower window for the two name + year rules)."""
    mid = (e.lo + e.hi) // 2
    year = np.where(e.lo > 0, mid, -1)
    gs, fs = e.g_sk, e.f_sk
    a, b = np.minimum(gs, fs), np.maximum(gs, fs)
    a = np.where(gs < 0, -1, a)
    b = np.where(fs < 0, -1, b)
    yw = window if year_window is None else year_window
    rules = [
        (_mix(a, b), mid, window),
        (_mix(fs, year), e.ymd, yw),
        (_mix(gs, year), e.ymd, yw),
        (_mix(e.g1_sk, fs), mid, window),
        (e.ymd, gs, window),
        (e.ph, mid, window),
    ]
    return _distinct_pairs([sorted_pairs(key, order, w) for key, order, w in rules], e.n)


# --- comparisons -------------------------------------------------------------


SLOTS = 3  # tokens per name compared array-wise (longer names: per pair in Python)


class TokenTable:
    """The distinct tokens of a list's names, and every name as token ids, so
    that ``compare.tokens_similarity`` can be computed array-wise: token pairs
    once each with ``rapidfuzz.process.cpdist``, the greedy token matching of
    names over ``SLOTS`` token slots in numpy."""

    def __init__(self, names: list[Tokens]) -> None:
        nn = len(names)
        length = np.fromiter(map(len, names), dtype=np.int64, count=nn)
        # token ids: the first SLOTS tokens of every name, then the joined
        # form of each name of several tokens
        tok_id: dict[Token, int] = {}
        add = tok_id.setdefault
        ids = [add(t, len(tok_id)) for name in names for t in name[:SLOTS]]
        multi = np.flatnonzero(length > 1)
        jids = [add(_joined(names[k]), len(tok_id)) for k in multi.tolist()]
        toks = list(tok_id)
        cnt = np.minimum(length, SLOTS)
        rows = np.repeat(np.arange(nn, dtype=np.int64), cnt)
        cols = np.arange(len(rows), dtype=np.int64) - np.repeat(np.cumsum(cnt) - cnt, cnt)
        slots = np.full((nn, SLOTS), -1, dtype=np.int64)
        slots[rows, cols] = ids
        joined = slots[:, 0].copy()
        joined[multi] = jids
        self.names = names
        self.slots, self.length, self.joined = slots, length, joined
        folds: dict[str, int] = {}
        keys: dict[str, int] = {}
        self.fold_id = np.array([folds.setdefault(t.fold, len(folds)) for t in toks], np.int64)
        self.key_id = np.array(
            [keys.setdefault(t.key, len(keys)) if t.key else -1 for t in toks], np.int64
        )
        self.alt_id = np.array([keys.setdefault("~" + t.alt, len(keys)) for t in toks], np.int64)
        self.latin = np.array([t.latin for t in toks], dtype=np.bool_)
        self.fold = np.array([t.fold for t in toks], dtype=object)
        # Latin keys are fewer than tokens (spellings share them): their
        # Levenshtein similarity is computed per distinct pair of keys
        kid: dict[str, int] = {}
        self.key_ix = np.array([kid.setdefault(t.key, len(kid)) for t in toks], np.int64)
        self.key = np.array(list(kid), dtype=object)
        self.alt = np.array([t.alt for t in toks], dtype=object)
        self.vowels = np.array([t.vowels for t in toks], dtype=object)
        self.ntok = len(toks)
        # one-token names: the key and other reading of their token (-1 for
        # longer names), to find the same name in another spelling without
        # comparing strings
        first = slots[:, 0]
        single = length == 1
        self.name_key = np.where(single, self.key_id[first], -1)
        self.name_alt = np.where(single, self.alt_id[first], -1)
        self.name_latin = self.latin[first]
        self.token_memo = _Memo()  # similarity of token pairs already compared
        self.name_memo = _Memo()  # ... and of name pairs

    def fork(self) -> TokenTable:
        """This table with memos of its own (starting from this one's)."""
        t = copy.copy(self)
        t.token_memo, t.name_memo = self.token_memo.fork(), self.name_memo.fork()
        return t

    def token_sims(self, a: I64, b: I64) -> F64:
        """``compare.token_similarity`` of token id pairs."""
        if not len(a):
            return np.empty(0)
        x, y = np.minimum(a, b), np.maximum(a, b)
        n = np.int64(self.ntok)
        uniq, inv = _distinct(x * n + y, int(n) * int(n))
        out: F64 = self.token_memo.get(uniq, lambda c: self._sims(c // n, c % n))[inv]
        return out

    def _sims(self, a: I64, b: I64) -> F64:
        s = np.full(len(a), -1.0)
        s[self.key_id[a] == self.key_id[b]] = SAME_KEY
        s[self.key_id[a] < 0] = -1.0
        s[self.fold_id[a] == self.fold_id[b]] = 1.0
        cross = self.latin[a] != self.latin[b]
        s[(s < 0) & cross & (self.alt_id[a] == self.alt_id[b])] = SAME_KEY
        r = np.flatnonzero(s < 0)
        if not len(r):
            return s
        ra, rb = a[r], b[r]
        ka, kb = self.key_ix[ra], self.key_ix[rb]
        nk = np.int64(len(self.key))
        uk, inv = _distinct(np.minimum(ka, kb) * nk + np.maximum(ka, kb), int(nk) * int(nk))
        lev = _cpdist(self.key[uk // nk], self.key[uk % nk], Levenshtein.normalized_similarity)[inv]
        c = np.flatnonzero(cross[r])
        if len(c):
            lev[c] = np.maximum(
                lev[c], _cpdist(self.alt[ra[c]], self.alt[rb[c]], Levenshtein.normalized_similarity)
            )
        lev *= 0.95
        lat = np.flatnonzero(self.latin[ra] & self.latin[rb])
        if len(lat):
            la, lb = ra[lat], rb[lat]
            j = np.maximum(
                _cpdist(self.fold[la], self.fold[lb], JaroWinkler.similarity),
                _cpdist(self.vowels[la], self.vowels[lb], JaroWinkler.similarity),
            )
            lev[lat] = np.where(j > lev[lat], j, lev[lat])
        s[r] = lev
        return s

    def name_sims(self, x: I64, y: I64) -> F64:
        """``compare.tokens_similarity`` of name id pairs (ids >= 0).  The
        token pairs of all names are looked up at once, then the joined
        (compound) readings of the pairs that need them."""
        out = np.empty(len(x))
        lx, ly = self.length[x], self.length[y]
        sw = lx > ly
        a, b = np.where(sw, y, x), np.where(sw, x, y)
        la, lb = np.minimum(lx, ly), np.maximum(lx, ly)
        big = np.flatnonzero(lb > SLOTS)
        for k in big.tolist():
            out[k] = tokens_similarity(self.names[int(a[k])], self.names[int(b[k])])
        # name pairs grouped by their lengths (shorter name first)
        groups: list[tuple[int, int, I64]] = []
        ta_: list[I64] = []
        tb_: list[I64] = []
        for na in range(1, SLOTS + 1):
            for nb in range(na, SLOTS + 1):
                sel = np.flatnonzero((la == na) & (lb == nb))
                if not len(sel):
                    continue
                groups.append((na, nb, sel))
                ta, tb = self.slots[a[sel], :na], self.slots[b[sel], :nb]
                ta_.append(np.repeat(ta, nb, axis=1).ravel())
                tb_.append(np.tile(tb, (1, na)).ravel())
        if not groups:
            return out
        sims = self.token_sims(np.concatenate(ta_), np.concatenate(tb_))
        low: list[I64] = []
        at = 0
        for na, nb, sel in groups:
            m = sims[at : at + len(sel) * na * nb].reshape(len(sel), na, nb)
            at += len(sel) * na * nb
            if na == 1 and nb == 1:
                out[sel] = m[:, 0, 0]
                continue
            score = _greedy(m)  # greedy matching as compare._greedy
            if na == nb:
                score = np.maximum(score, _greedy(m.transpose(0, 2, 1)))
            else:
                score *= 0.95
            out[sel] = score
            low.append(sel[score < 1.0])
        if low:
            r = np.concatenate(low)
            j = self.token_sims(self.joined[a[r]], self.joined[b[r]])
            out[r] = np.where(j > out[r], j, out[r])
        return out


class _Memo:
    """Values of integer codes computed once: the batch stages (family names,
    then the bounds, then given names) meet many of the same pairs."""

    def __init__(self) -> None:
        self.keys = np.zeros(0, dtype=np.int64)
        self.vals = np.zeros(0)

    def fork(self) -> _Memo:
        m = _Memo()
        m.keys, m.vals = self.keys, self.vals  # never changed in place
        return m

    def get(self, codes: I64, compute: Callable[[I64], F64]) -> F64:
        """The values of sorted distinct ``codes``, computing the new ones."""
        out = np.empty(len(codes))
        pos = np.searchsorted(self.keys, codes)
        if len(self.keys):
            at = np.minimum(pos, len(self.keys) - 1)
            hit = self.keys[at] == codes
            out[hit] = self.vals[at[hit]]
            miss = np.flatnonzero(~hit)
        else:
            miss = np.arange(len(codes))
        if len(miss):
            new = codes[miss]
            out[miss] = compute(new)
            # both sorted: insert in place of re-sorting the memo
            self.keys = np.insert(self.keys, pos[miss], new)
            self.vals = np.insert(self.vals, pos[miss], out[miss])
        return out


PARALLEL_MIN = 200_000  # below this many pairs rapidfuzz's threads cost more than they save


def _workers(n: int) -> int:
    return -1 if n >= PARALLEL_MIN else 1


def _cpdist(
    a: npt.NDArray[np.object_], b: npt.NDArray[np.object_], scorer: Callable[..., float]
) -> F64:
    out: F64 = process.cpdist(a, b, scorer=scorer, dtype=np.float64, workers=_workers(len(a)))
    return out


def _greedy(m: F64) -> F64:
    """``compare._greedy`` over similarity matrices (pairs x rows x columns):
    each row in turn takes its best unused column (the first on ties)."""
    p, nr, nc = m.shape
    used = np.zeros((p, nc), dtype=np.bool_)
    total = np.zeros(p)
    rows = np.arange(p)
    for r in range(nr):
        row = np.where(used, -1.0, m[:, r, :])
        jb = np.argmax(row, axis=1)
        best = row[rows, jb]
        take = best > 0.0
        used[rows[take], jb[take]] = True
        total += np.where(take, best, 0.0)
    out: F64 = total / nr
    return out


def _pair_sims(ids_a: I64, ids_b: I64, table: TokenTable) -> F64:
    """tokens_similarity of name ids, once per distinct (symmetric) pair; -1
    where either is missing."""
    out = np.full(len(ids_a), -1.0)
    ok = (ids_a >= 0) & (ids_b >= 0)
    if not ok.any():
        return out
    same = ok & (ids_a == ids_b)  # the same name: 1.0, as tokens_similarity
    out[same] = 1.0
    d = np.flatnonzero(ok & ~same)
    # two one-token names with the same Latin key, or across scripts the same
    # other reading: SAME_KEY, as token_similarity
    x, y = ids_a[d], ids_b[d]
    kx, ax = table.name_key[x], table.name_alt[x]
    key = (kx >= 0) & (kx == table.name_key[y])
    alt = (ax >= 0) & (ax == table.name_alt[y]) & (table.name_latin[x] != table.name_latin[y])
    out[d[key | alt]] = SAME_KEY
    d = d[~(key | alt)]
    if not len(d):
        return out
    x, y = ids_a[d], ids_b[d]
    lo_, hi_ = np.minimum(x, y), np.maximum(x, y)
    n = np.int64(len(table.names) + 1)
    uniq, inv = _distinct(lo_ * n + hi_, int(n) * int(n))
    out[d] = table.name_memo.get(uniq, lambda c: table.name_sims(c // n, c % n))[inv]
    return out


def _name_level(s: F64) -> I64:
    lv = np.full(len(s), 4, dtype=np.int64)
    lv[s >= 0.65] = 3
    lv[s >= 0.8] = 2
    lv[s >= 0.9] = 1
    lv[s >= EXACT_MIN] = 0
    lv[s < 0] = -1
    return lv


def name_sims(e: Encoded, i: I64, j: I64, *, swap_all: bool = True) -> tuple[F64, F64]:
    """Best (given, family) similarity per pair over all name forms of both
    records and both name orders, as ``compare.compare_names`` (pairs of
    records with one name form each skip the per-pair reduction)."""
    single = (e.form_count[i] == 1) & (e.form_count[j] == 1)
    if single.all() or not single.any():
        return _name_sims(e, i, j, swap_all=swap_all, single=bool(single.all()))
    g = np.empty(len(i))
    f = np.empty(len(i))
    for sel, one in ((np.flatnonzero(single), True), (np.flatnonzero(~single), False)):
        g[sel], f[sel] = _name_sims(e, i[sel], j[sel], swap_all=swap_all, single=one)
    return g, f


def _name_sims(
    e: Encoded, i: I64, j: I64, *, swap_all: bool, single: bool, forms: list[I64] | None = None
) -> tuple[F64, F64]:
    """Best (given, family) similarity per pair over all name forms of both
    records and both name orders, as ``compare.compare_names``.  Without
    ``swap_all`` the other name order is only tried where a given name's
    skeleton equals the other record's family name skeleton (large batches).
    ``forms``: filled with the best form pair's two form indices per pair
    (the first of equally good ones, as ``compare_names``)."""
    ci, cj = e.form_count[i], e.form_count[j]
    reps = ci * cj
    g_out = np.full(len(i), -1.0)
    f_out = np.full(len(i), -1.0)
    if not reps.any():
        return g_out, f_out
    pair = np.repeat(np.arange(len(i), dtype=np.int64), reps)
    first = np.cumsum(reps) - reps
    t = np.arange(len(pair), dtype=np.int64) - first[pair]
    fa = e.form_start[i][pair] + t // cj[pair]
    fb = e.form_start[j][pair] + t % cj[pair]
    ga, sa, gb, sb = e.form_g[fa], e.form_f[fa], e.form_g[fb], e.form_f[fb]
    g = _pair_sims(ga, gb, e.table)
    f = _pair_sims(sa, sb, e.table)
    k1 = g + f
    # the other order, where the names may be swapped (as compare_names)
    swap = k1 < 1.8
    if not swap_all:
        xg, xf = e.form_gsk[fa], e.form_fsk[fa]
        yg, yf = e.form_gsk[fb], e.form_fsk[fb]
        swap &= ((xg >= 0) & (xg == yf)) | ((xf >= 0) & (xf == yg))
    sw = np.flatnonzero(swap)
    x = _pair_sims(ga[sw], sb[sw], e.table)
    y = _pair_sims(sa[sw], gb[sw], e.table)
    g2, f2 = np.minimum(x, y), np.maximum(x, y)
    k2 = g2 + f2 - 0.05
    # per form pair: the straight reading unless the swapped one is better by
    # the key (total, family, given) -- ties keep the straight reading
    better = (k2 > k1[sw]) | ((k2 == k1[sw]) & ((f2 > f[sw]) | ((f2 == f[sw]) & (g2 > g[sw]))))
    key_t = k1.copy()
    gg, ff = g.copy(), f.copy()
    sel = sw[better]
    key_t[sel] = k2[better]
    gg[sel] = g2[better]
    ff[sel] = f2[better]
    if single:  # one form pair per record pair
        g_out[pair] = gg
        f_out[pair] = ff
        if forms is not None:
            forms.extend((fa, fb))
        return g_out, f_out
    # best form pair per record pair, by (total, family, given), first on ties
    # (each record pair's form pairs are contiguous: maxima by reduceat)
    starts = first[reps > 0]
    cand = np.ones(len(pair), dtype=np.bool_)
    for v in (key_t, ff, gg):
        top = np.maximum.reduceat(np.where(cand, v, -np.inf), starts)
        cand &= v == np.repeat(top, reps[reps > 0])
    best = np.minimum.reduceat(np.where(cand, np.arange(len(pair)), len(pair)), starts)
    g_out[pair[best]] = gg[best]
    f_out[pair[best]] = ff[best]
    if forms is not None:
        bfa = np.full(len(i), -1, dtype=np.int64)
        bfb = np.full(len(i), -1, dtype=np.int64)
        bfa[pair[best]] = fa[best]
        bfb[pair[best]] = fb[best]
        forms.extend((bfa, bfb))
    return g_out, f_out


# birth level of a gap of 0..6 years between two ranges (same, within 1, 2,
# 5, further)
_GAP_LEVEL = np.array([4, 5, 6, 7, 7, 7, 8], dtype=np.int8)


def birth_levels(e: Encoded, i: I64, j: I64) -> I64:
    """``compare.birth_level`` for all pairs (-1: missing on one side)."""
    sm = e.small
    alo, blo = sm.lo[i], sm.lo[j]
    gap = np.maximum(alo - sm.hi[j], blo - sm.hi[i])
    lv = _GAP_LEVEL[np.clip(gap, 0, 6)]
    known = (alo > 0) & (blo > 0)
    lv[~known] = 8
    ya, yb = sm.ymd[i], sm.ymd[j]
    dates = (ya >= 0) & (yb >= 0)
    both = e.has_birth[i] & e.has_birth[j]
    # full dates: the same year, then one typo, day/month swap, the same date
    lv[dates & ((known & (gap <= 0)) | ((alo > 0) & (alo == blo)))] = 3
    lv[~both] = -1
    both &= dates
    r = np.flatnonzero(both & (ya != yb))
    if len(r):
        # one digit changed, or two adjacent digits transposed (on the digits
        # of each record's YYYYMMDD); the day/month swap changes at most four
        dig = e.digits
        ia, ib = i[r], j[r]
        x = dig[ia] ^ dig[ib]  # one byte per digit: non-zero where they differ
        x |= x >> np.uint64(1)
        x |= x >> np.uint64(2)
        x &= np.uint64(0x0101010101010101)
        nd = (x * np.uint64(0x0101010101010101)) >> np.uint64(56)  # differing digits
        typo = nd == 1
        few = np.flatnonzero((nd >= 2) & (nd <= 4))
        swapped = few
        if len(few):
            da = dig[ia[few]].view(np.uint8).reshape(-1, 8)
            db = dig[ib[few]].view(np.uint8).reshape(-1, 8)
            ne = da != db
            trans = np.zeros(len(few), dtype=np.bool_)
            for k in range(7):
                trans |= (
                    ne[:, k]
                    & ne[:, k + 1]
                    & (da[:, k] == db[:, k + 1])
                    & (da[:, k + 1] == db[:, k])
                )
            typo[few[trans & (nd[few] == 2)]] = True
            dm = (
                (da[:, :4] == db[:, :4]).all(axis=1)
                & (da[:, 4:6] == db[:, 6:8]).all(axis=1)
                & (da[:, 6:8] == db[:, 4:6]).all(axis=1)
            )
            swapped = few[dm]
        lv[r[typo]] = 2
        lv[r[swapped]] = 1
    lv[both & (ya == yb)] = 0
    out: I64 = lv.astype(np.int64)
    return out


def _distinct(code: I64, size: int) -> tuple[I64, I64]:
    """Sorted distinct values of ``code`` (0 <= code < size) and the index of
    each value among them: a dense table when ``size`` is small, else one
    sort of the codes packed with their positions (faster than
    ``np.unique``'s argsort) when they fit in 63 bits."""
    if size <= max(4 * len(code), 1 << 20):
        mark = np.zeros(size, dtype=np.bool_)
        mark[code] = True
        uniq = np.flatnonzero(mark)
        pos = np.zeros(size, dtype=np.int64)
        pos[uniq] = np.arange(len(uniq), dtype=np.int64)
        return uniq.astype(np.int64), pos[code]
    bits = max(len(code) - 1, 1).bit_length()
    if (size - 1).bit_length() + bits > 63:
        u, inv = np.unique(code, return_inverse=True)
        return u, inv.reshape(-1)
    packed = (code << np.int64(bits)) | np.arange(len(code), dtype=np.int64)
    packed.sort()
    c = packed >> np.int64(bits)
    new = np.empty(len(c), dtype=np.bool_)
    new[:1] = True
    np.not_equal(c[1:], c[:-1], out=new[1:])
    inv = np.empty(len(c), dtype=np.int64)
    inv[packed & np.int64((1 << bits) - 1)] = np.cumsum(new) - 1
    return c[new], inv


def place_levels(e: Encoded, i: I64, j: I64) -> I64:
    lv = np.full(len(i), -1, dtype=np.int64)
    a, b = e.small.place[i], e.small.place[j]
    ok = (a >= 0) & (b >= 0)
    if not ok.any():
        return lv
    n = np.int64(len(e.places) + 1)
    uniq, inv = _distinct(a[ok] * n + b[ok], int(n * n))
    vals = np.fromiter(
        (place_level(pp, pq) for pp, pq in _place_pairs(e, uniq, n)),
        dtype=np.int64,
        count=len(uniq),
    )
    lv[ok] = vals[inv]
    return lv


def _place_pairs(e: Encoded, uniq: I64, n: np.int64) -> list[tuple[Token, Token]]:
    out: list[tuple[Token, Token]] = []
    for c in uniq:
        out.append((e.places[int(c // n)], e.places[int(c % n)]))
    return out


def cheap_levels(e: Encoded, i: I64, j: I64) -> dict[str, I64]:
    """Levels of the fields other than names (integer arithmetic only)."""
    sm = e.small
    sa, sb = sm.sex[i], sm.sex[j]
    sex = np.where((sa > 0) & (sb > 0), (sa != sb).astype(np.int64), -1)
    return {"birth": birth_levels(e, i, j), "sex": sex, "place": place_levels(e, i, j)}


def core_levels(
    e: Encoded,
    i: I64,
    j: I64,
    *,
    swap_all: bool = True,
    cheap: dict[str, I64] | None = None,
    family: I64 | None = None,
) -> dict[str, I64]:
    """Levels of the core fields for every pair (-1: not compared); ``cheap``:
    the non-name levels when already computed; ``family``: family-name levels
    already known (of ``single_reading`` pairs; -2 where not known)."""
    c = cheap if cheap is not None else cheap_levels(e, i, j)
    if family is None or not (family >= -1).any():
        g, f = name_sims(e, i, j, swap_all=swap_all)
        return {"given_name": _name_level(g), "family_name": _name_level(f), **c}
    # pairs whose family level is known (one reading): only the given names
    known = family >= -1
    gl = np.empty(len(i), dtype=np.int64)
    fl = family.copy()
    kn, un = np.flatnonzero(known), np.flatnonzero(~known)
    fa, fb = e.form_start[i[kn]], e.form_start[j[kn]]
    gl[kn] = _name_level(_pair_sims(e.form_g[fa], e.form_g[fb], e.table))
    if len(un):
        g, f = name_sims(e, i[un], j[un], swap_all=swap_all)
        gl[un], fl[un] = _name_level(g), _name_level(f)
    return {"given_name": gl, "family_name": fl, **c}


def single_reading(e: Encoded, i: I64, j: I64) -> npt.NDArray[np.bool_]:
    """Pairs compared on one reading only (one name form each and no swapped
    order tried, as ``name_sims`` without ``swap_all``): their given and
    family levels are those of the two forms' given and family names."""
    one = (e.form_count[i] == 1) & (e.form_count[j] == 1)
    fa, fb = e.form_start[i], e.form_start[j]
    xg, xf = e.form_gsk[fa], e.form_fsk[fa]
    yg, yf = e.form_gsk[fb], e.form_fsk[fb]
    cross = ((xg >= 0) & (xg == yf)) | ((xf >= 0) & (xf == yg))
    out: npt.NDArray[np.bool_] = one & ~cross
    return out


def family_levels(e: Encoded, i: I64, j: I64) -> I64:
    """Family-name levels of ``single_reading`` pairs."""
    fa, fb = e.form_start[i], e.form_start[j]
    return _name_level(_pair_sims(e.form_f[fa], e.form_f[fb], e.table))


def family_best(e: Encoded, i: I64, j: I64) -> I64:
    """The best family-name level any reading of each pair can reach (for
    pairs with several name forms or a swapped order): the best level over
    all form pairs of the straight family names and, where ``name_sims``
    tries the other order, of the crossed names."""
    ci, cj = e.form_count[i], e.form_count[j]
    reps = ci * cj
    out = np.full(len(i), -1, dtype=np.int64)
    if not reps.any():
        return out
    pair = np.repeat(np.arange(len(i), dtype=np.int64), reps)
    first = np.cumsum(reps) - reps
    t = np.arange(len(pair), dtype=np.int64) - first[pair]
    fa = e.form_start[i][pair] + t // cj[pair]
    fb = e.form_start[j][pair] + t % cj[pair]
    f = _pair_sims(e.form_f[fa], e.form_f[fb], e.table)
    xg, xf = e.form_gsk[fa], e.form_fsk[fa]
    yg, yf = e.form_gsk[fb], e.form_fsk[fb]
    sw = np.flatnonzero(((xg >= 0) & (xg == yf)) | ((xf >= 0) & (xf == yg)))
    if len(sw):
        x = _pair_sims(e.form_g[fa[sw]], e.form_f[fb[sw]], e.table)
        y = _pair_sims(e.form_f[fa[sw]], e.form_g[fb[sw]], e.table)
        f[sw] = np.maximum(f[sw], np.maximum(x, y))
    best = np.full(len(i), -1.0)
    np.maximum.at(best, pair, f)
    return _name_level(best)


def family_gain(
    e: Encoded,
    i: I64,
    j: I64,
    level: I64,
    weight: Callable[[str, int], float],
    adjust: Callable[[str, int, float], float],
    *,
    upper: bool = False,
) -> F64:
    """The family weight of ``level`` (with its term frequency) minus the
    best the family name could have reached in ``best_weights`` (<= 0).
    With ``upper``, ``level`` is only the best level reachable: the best
    weight of it or any worse level (or of a missing name) counts."""
    field = "family_name"
    table = np.array([weight(field, x) for x in range(len(levels_for(field)))] + [0.0])
    rest = max([*table[1:-1].tolist(), 0.0])
    rec = _record_adjustments(name_shares(e)[1], field, adjust)
    adj = np.minimum(rec[i], rec[j])
    adj[~np.isfinite(adj)] = 0.0
    best = np.maximum(table[0] + adj, rest)
    if upper:  # this level or any worse one, or a missing name (0)
        suffix = np.maximum.accumulate(table[:-1][::-1])[::-1]
        reach = np.maximum(np.append(suffix, 0.0)[level], 0.0)
        worse = max(float(suffix[1]), 0.0)
        actual = np.where(level == 0, np.maximum(table[0] + adj, worse), reach)
    else:
        actual = table[level] + np.where(level == 0, adj, 0.0)
    out: F64 = actual - best
    return out


def best_weights(
    e: Encoded,
    i: I64,
    j: I64,
    cheap: dict[str, I64],
    other: Other | None,
    weight: Callable[[str, int], float],
    adjust: Callable[[str, int, float], float] | None = None,
) -> F64:
    """An upper bound of every pair's total weight before any name is
    compared: the non-name weights plus the best weight each name field could
    reach (exact agreement with the pair's term-frequency adjustment when
    ``adjust`` is given).  Pairs whose bound is below the threshold can be
    dropped without comparing names."""
    w = weights({**cheap}, other, weight)
    shares = name_shares(e) if adjust is not None else None
    for k, field in enumerate(("given_name", "family_name")):
        nlev = len(levels_for(field))
        table = [weight(field, x) for x in range(nlev)]
        rest = max([*table[1:], 0.0])
        if shares is None or adjust is None:
            w += max(table[0], rest)
            continue
        adj = _record_adjustments(shares[k], field, adjust)
        w += np.maximum(table[0] + np.minimum(adj[i], adj[j]), rest)
    return w


def _record_adjustments(share: F64, field: str, adjust: Callable[[str, int, float], float]) -> F64:
    """Each record's term-frequency adjustment of exact agreement (+inf
    without a name).  The adjustment falls as the share grows, so a pair's
    (that of the commoner name) is the smaller of its two records'."""
    uniq, inv = np.unique(share, return_inverse=True)
    vals = np.array([adjust(field, 0, float(t)) if t > 0 else np.inf for t in uniq])
    out: F64 = vals[inv.reshape(-1)]
    return out


def pair_levels(core: dict[str, I64], other: Other | None, k: int) -> list[tuple[str, int]]:
    """The levels of pair ``k`` in the order of ``compare.compare``."""
    lv = [(f, int(core[f][k])) for f in CORE if core[f][k] >= 0]
    if other is not None:
        lv.extend((f, int(x[k])) for f, x in other.items() if x[k] >= 0)
    return lv


def weights(
    core: dict[str, I64],
    other: Other | None,
    weight: Callable[[str, int], float],
    total: Callable[[Levels], float] | None = None,
) -> F64:
    """Total match weight of every pair from the model's tables (the sum of
    ``weight`` over compared fields, as ``MatchModel.total``)."""
    n = len(next(iter(core.values())))
    w = np.zeros(n)
    for f, lv in [*core.items(), *(other or {}).items()]:
        nlev = int(lv.max(initial=-1)) + 1
        if nlev == 0:
            continue
        table = np.array([weight(f, x) for x in range(nlev)] + [0.0])
        w += table[lv]  # -1 picks the trailing 0.0
    return w


def name_shares(e: Encoded) -> tuple[F64, F64]:
    """Share of the list with each record's given / family name skeleton."""
    out: list[F64] = []
    for sk in (e.g_sk, e.f_sk):
        ok = sk >= 0
        counts = np.bincount(sk[ok], minlength=1).astype(np.float64)
        share = np.zeros(e.n)
        share[ok] = counts[sk[ok]] / max(e.n, 1)
        out.append(share)
    return out[0], out[1]


def tf_parts(
    e: Encoded,
    i: I64,
    j: I64,
    core: dict[str, I64],
    adjust: Callable[[str, int, float], float],
) -> dict[str, F64]:
    """Term-frequency adjustments (bits) of exact given and family name
    agreement per pair (the commoner of the two records' names), as
    ``Index.search`` applies them."""
    out: dict[str, F64] = {}
    for field, share in zip(("given_name", "family_name"), name_shares(e), strict=True):
        w = np.zeros(len(i))
        hit = np.flatnonzero(core[field] == 0)
        if len(hit):
            tf = np.maximum(share[i[hit]], share[j[hit]])
            uniq, inv = np.unique(tf, return_inverse=True)
            vals = np.array([adjust(field, 0, float(t)) for t in uniq])
            w[hit] = vals[inv.reshape(-1)]
        out[field] = w
    return out


def tf_weights(
    e: Encoded,
    i: I64,
    j: I64,
    core: dict[str, I64],
    adjust: Callable[[str, int, float], float],
) -> F64:
    """The sum of ``tf_parts`` per pair."""
    parts = tf_parts(e, i, j, core, adjust)
    out: F64 = parts["given_name"] + parts["family_name"]
    return out


def patterns(
    core: dict[str, I64], other: Other | None
) -> tuple[list[tuple[tuple[str, int], ...]], list[int]]:
    """Distinct comparison vectors and their counts (for EM)."""
    cols = [core[f] for f in CORE] + list((other or {}).values())
    if len(cols) <= 15:
        code = np.zeros(len(cols[0]), dtype=np.int64)
        for c in cols:
            code = code * 16 + (c + 1)
        _, idx, counts = np.unique(code, return_index=True, return_counts=True)
    else:
        _, idx, counts = np.unique(
            np.stack(cols, axis=1), axis=0, return_index=True, return_counts=True
        )
    return [tuple(pair_levels(core, other, int(k))) for k in idx], counts.tolist()


# --- explanations ------------------------------------------------------------

_SEX_TEXT = ("?", "female", "male")
_NAME_FIELDS = ("given_name", "family_name")


def name_details(
    e: Encoded, i: I64, j: I64, *, swap_all: bool = False
) -> tuple[F64, F64, I64, I64]:
    """(given similarity, family similarity, form of i, form of j) of the best
    reading of every pair (-1: no name form), as ``compare.compare_names``
    (without ``swap_all``, the other order only where ``name_sims`` tries it)."""
    g = np.full(len(i), -1.0)
    f = np.full(len(i), -1.0)
    fa = np.full(len(i), -1, dtype=np.int64)
    fb = np.full(len(i), -1, dtype=np.int64)
    single = (e.form_count[i] == 1) & (e.form_count[j] == 1)
    for sel, one in ((np.flatnonzero(single), True), (np.flatnonzero(~single), False)):
        if not len(sel):
            continue
        forms: list[I64] = []
        g[sel], f[sel] = _name_sims(e, i[sel], j[sel], swap_all=swap_all, single=one, forms=forms)
        if forms:
            fa[sel], fb[sel] = forms
    return g, f, fa, fb


def explain_pairs(
    records: Sequence[Record],
    e: Encoded,
    i: I64,
    j: I64,
    core: dict[str, I64],
    weight: Callable[[str, int], float],
    tf: dict[str, F64],
    *,
    other: Other | None = None,
    oe: OtherEnc | None = None,
    swap_all: bool = False,
) -> list[tuple[FieldExplanation, ...]]:
    """``explain.explain`` of every pair, from the levels already computed
    (``core``, and ``other`` with their encoding ``oe``) and the best name
    forms found array-wise (no profiles, no per-pair comparison); the best
    reading is that the levels came from (``name_sims`` with ``swap_all``)."""
    g, f, fa, fb = name_details(e, i, j, swap_all=swap_all)
    # the text of every form and birth the pairs show, once each
    name_text: dict[int, str] = {-1: ""}
    for n_ in np.unique(np.concatenate([e.form_g[fa], e.form_f[fa], e.form_g[fb], e.form_f[fb]])):
        if n_ >= 0:
            name_text[int(n_)] = " ".join(x.fold for x in e.names[int(n_)])
    forms = np.unique(np.concatenate([fa, fb]))
    forms = forms[forms >= 0]
    form_text = {-1: ""}
    for k, gn, fn in zip(
        forms.tolist(), e.form_g[forms].tolist(), e.form_f[forms].tolist(), strict=True
    ):
        form_text[k] = " ".join(t for t in (name_text[gn], name_text[fn]) if t)
    recs = np.unique(np.concatenate([i, j]))
    btext: dict[int, str] = {}  # compare.birth_text of each record's birth
    for r, x, lo, hi in zip(
        recs.tolist(), e.ymd[recs].tolist(), e.lo[recs].tolist(), e.hi[recs].tolist(), strict=True
    ):
        if x >= 0:
            btext[r] = f"{x // 10000:04d}-{x // 100 % 100:02d}-{x % 100:02d}"
        else:
            btext[r] = str(lo) if lo == hi else f"{lo}–{hi}"

    tables = {f_: [(lv, weight(f_, x)) for x, lv in enumerate(levels_for(f_))] for f_ in CORE}
    zero = np.zeros(len(i))
    tg, tfam = tf.get("given_name", zero), tf.get("family_name", zero)
    cols = [core[f_].tolist() for f_ in CORE]
    out: list[tuple[FieldExplanation, ...]] = []
    rows = zip(
        i.tolist(), j.tolist(), g.tolist(), f.tolist(), fa.tolist(), fb.tolist(),
        tg.tolist(), tfam.tolist(), e.sex[i].tolist(), e.sex[j].tolist(),
        e.place[i].tolist(), e.place[j].tolist(), *cols, strict=True,
    )  # fmt: skip
    places = e.places
    # explanations that depend only on levels, sexes and places are shared
    # (they are frozen): pairs repeat them
    shared: dict[tuple[str, int, int, int], FieldExplanation] = {}

    def sex_ex(lvl: int, x: int, y: int) -> FieldExplanation:
        k = ("sex", lvl, x, y)
        fx = shared.get(k)
        if fx is None:
            outcome, w = tables["sex"][lvl]
            detail = f"{_SEX_TEXT[x]} / {_SEX_TEXT[y]}"
            fx = shared[k] = FieldExplanation("sex", outcome, round(w, 3), detail)
        return fx

    def place_ex(lvl: int, x: int, y: int) -> FieldExplanation:
        k = ("place", lvl, x, y)
        fx = shared.get(k)
        if fx is None:
            outcome, w = tables["place"][lvl]
            detail = f"{places[x].fold} ~ {places[y].fold}"
            fx = shared[k] = FieldExplanation("place", outcome, round(w, 3), detail)
        return fx

    missing = {
        c: FieldExplanation(c, "missing", 0.0, "not known on both sides")
        for c in ("given_name", "family_name", "birth")
    }
    name_tables = (("given_name", tables["given_name"]), ("family_name", tables["family_name"]))
    # identifiers and extra fields: (field, levels, weights by level, text of each record)
    others: list[tuple[str, list[int], list[tuple[str, float]], list[str], list[str]]] = []
    if other is not None and oe is not None:
        for field, lv in other.items():
            table = [(o, weight(field, x)) for x, o in enumerate(levels_for(field))]
            text = _value_text(oe, field)
            others.append((field, lv.tolist(), table, text[i].tolist(), text[j].tolist()))
    for k, (a, b, gs, fs, xa, xb, ag, af, sa, sb, pa, pb, lg, lf, lb, ls, lp) in enumerate(rows):
        ex: list[FieldExplanation] = []
        for (field, table), lvl, sim, adj in zip(
            name_tables, (lg, lf), (gs, fs), (ag, af), strict=True
        ):
            if lvl < 0:
                continue
            outcome, w = table[lvl]
            detail = f"{form_text[xa]} ≈ {form_text[xb]} ({sim:.2f})"
            if lvl == 0 and adj:
                w += adj
                if adj >= 0.5:
                    detail += "; a rare name"
                elif adj <= -0.5:
                    detail += "; a common name"
            ex.append(FieldExplanation(field, outcome, round(w, 3), detail))
        if lb >= 0:
            outcome, w = tables["birth"][lb]
            ex.append(FieldExplanation("birth", outcome, round(w, 3), f"{btext[a]} ~ {btext[b]}"))
        if ls >= 0:
            ex.append(sex_ex(ls, sa, sb))
        if lp >= 0:
            ex.append(place_ex(lp, pa, pb))
        for field, olv, table, ta, tb in others:
            lvl = olv[k]
            if lvl >= 0:
                outcome, w = table[lvl]
                ex.append(FieldExplanation(field, outcome, round(w, 3), f"{ta[k]} ~ {tb[k]}"))
        ex.sort(key=_by_weight)
        if lg < 0:
            ex.append(missing["given_name"])
        if lf < 0:
            ex.append(missing["family_name"])
        if lb < 0:
            ex.append(missing["birth"])
        out.append(tuple(ex))
    return out


def _by_weight(x: FieldExplanation) -> float:
    return -abs(x.weight)


def _value_text(oe: OtherEnc, field: str) -> npt.NDArray[np.object_]:
    """Each record's identifiers (``", "``-joined, as ``explain``) or value
    of one of its extra fields ("" where it has none)."""
    text = np.append(oe.text, "")  # id -1: the trailing ""
    if field != "identifier":
        out: npt.NDArray[np.object_] = text[oe.fields[field]]
        return out
    out = text[oe.ident]
    for r, ids in oe.many.items():
        out[r] = ", ".join(ids)
    return out


# --- identifiers and other fields ---------------------------------------------

Other = dict[str, I64]  # field -> level per pair (-1: not compared), in compare's order


def _norm_id(x: str) -> str:
    return "".join(c for c in x.upper() if c.isalnum())


def _value_levels(a: I64, b: I64, text: npt.NDArray[np.object_]) -> I64:
    """``compare.value_level`` of value id pairs (ids >= 0), once per distinct pair."""
    out = np.zeros(len(a), dtype=np.int64)
    d = np.flatnonzero(a != b)
    if not len(d):
        return out
    n = np.int64(len(text))
    uniq, inv = np.unique(a[d] * n + b[d], return_inverse=True)
    ta, tb = text[uniq // n], text[uniq % n]
    lv = np.where(_cpdist(ta, tb, JaroWinkler.similarity) >= 0.88, 1, 2).astype(np.int64)
    far = np.flatnonzero(lv == 2)  # one edit away all the same?
    if len(far):
        osa = process.cpdist(
            ta[far], tb[far], scorer=OSA.distance, score_cutoff=1, workers=_workers(len(far))
        )
        lv[far[osa <= 1]] = 1
    out[d] = lv[inv]
    return out


@dataclass
class OtherEnc:
    """Identifiers and ``extra`` values of a list as interned value ids."""

    ident: I64  # identifier id per record (-1: none)
    many: dict[int, tuple[str, ...]]  # records with several identifiers
    fields: dict[str, I64]  # extra field -> value id per record (-1: none)
    texts: list[str]
    text: npt.NDArray[np.object_]


def encode_other(records: Sequence[Record]) -> OtherEnc | None:
    """``OtherEnc`` of records (None when no record has any identifier or
    extra field)."""
    n = len(records)
    vid: dict[str, int] = {}
    raw: dict[str, int] = {}
    texts: list[str] = []

    def intern(v: str) -> int:
        k = vid.get(v)
        if k is None:
            k = vid[v] = len(texts)
            texts.append(v)
        return k

    ident = np.full(n, -1, dtype=np.int64)
    many: dict[int, tuple[str, ...]] = {}
    id_rec: list[int] = []
    id_val: list[int] = []
    cols: dict[str, tuple[list[int], list[int]]] = {}  # field -> (records, value ids)
    for r, rec in enumerate(records):
        if rec.identifiers:
            ids = tuple(sorted({_norm_id(x) for x in rec.identifiers} - {""}))
            if len(ids) == 1:
                id_rec.append(r)
                id_val.append(intern(ids[0]))
            elif ids:
                many[r] = ids
                id_rec.append(r)
                id_val.append(intern("\0" + "\0".join(ids)))
        for k, v in rec.extra:
            if k == "dob_raw":
                continue
            x = raw.get(v)
            if x is None:
                x = raw[v] = intern(fold(v)) if v.strip() else -1
            if x < 0:
                continue
            c = cols.get(k)
            if c is None:
                c = cols[k] = ([], [])
            c[0].append(r)
            c[1].append(x)
    if not id_rec and not cols:
        return None
    ident[id_rec] = id_val
    fields: dict[str, I64] = {}
    for k, (rs, xs) in cols.items():
        col = fields[k] = np.full(n, -1, dtype=np.int64)
        col[rs] = xs
    return OtherEnc(ident, many, fields, texts, np.array(texts, dtype=object))


def other_arrays(records: Sequence[Record], i: I64, j: I64) -> Other | None:
    """Identifier and extra-field levels of every pair, array-wise (None when
    no record has any); as ``compare.compare``."""
    oe = encode_other(records)
    return other_levels(oe, i, j) if oe is not None else None


def other_levels(oe: OtherEnc, i: I64, j: I64) -> Other:
    """``other_arrays`` from an ``OtherEnc``."""
    ident, many, fields, texts, text = oe.ident, oe.many, oe.fields, oe.texts, oe.text
    n = len(ident)
    out: Other = {}
    if (ident >= 0).any():
        a, b = ident[i], ident[j]
        lv = np.full(len(i), -1, dtype=np.int64)
        ok = np.flatnonzero((a >= 0) & (b >= 0))
        lv[ok] = _ids_levels(a[ok], b[ok], text)
        if many:  # several identifiers on a record: per pair
            multi = np.zeros(n, dtype=np.bool_)
            multi[list(many)] = True
            for k in ok[multi[i[ok]] | multi[j[ok]]].tolist():
                x, y = int(i[k]), int(j[k])
                lv[k] = ids_level(
                    many.get(x) or (texts[ident[x]],), many.get(y) or (texts[ident[y]],)
                )
        out["identifier"] = lv
    names = sorted(fields)
    for k in names:
        a, b = fields[k][i], fields[k][j]
        lv = np.full(len(i), -1, dtype=np.int64)
        ok = np.flatnonzero((a >= 0) & (b >= 0))
        lv[ok] = _value_levels(a[ok], b[ok], text)
        if k[-1].isdigit():  # a value entered in another line of the group
            g = _group(k)
            for k2 in names:
                if k2 == k or not k2[-1].isdigit() or _group(k2) != g:
                    continue
                for va, vb in ((a, fields[k2][j]), (fields[k2][i], b)):
                    m = np.flatnonzero((lv > 0) & (va >= 0) & (vb >= 0))
                    if len(m):
                        lv[m] = np.minimum(lv[m], _value_levels(va[m], vb[m], text))
        out[k] = lv
    return out


def _ids_levels(a: I64, b: I64, text: npt.NDArray[np.object_]) -> I64:
    """``compare.ids_level`` of single identifiers."""
    out = np.zeros(len(a), dtype=np.int64)
    d = np.flatnonzero(a != b)
    if len(d):
        n = np.int64(len(text))
        uniq, inv = np.unique(a[d] * n + b[d], return_inverse=True)
        s = _cpdist(text[uniq // n], text[uniq % n], OSA.normalized_similarity)
        out[d] = np.where(s >= 0.8, 1, 2)[inv]
    return out


# --- candidate pairs between two lists ------------------------------------------


def _other_keys(oe: OtherEnc | None) -> list[I64]:
    """Integer blocking keys of identifiers and ``extra`` fields: each
    identifier, and each pair of extra values (street number + street,
    suburb + postcode, ...), -1 where missing."""
    if oe is None:
        return []
    out = [oe.ident] if (oe.ident >= 0).any() else []
    names = sorted(oe.fields)
    for a, k1 in enumerate(names):
        for k2 in names[a + 1 :]:
            out.append(_mix(oe.fields[k1], oe.fields[k2]))
    return out


def link_pairs(e: Encoded, oe: OtherEnc | None, nl: int, window: int = WINDOW) -> tuple[I64, I64]:
    """Distinct pairs (i < nl <= j) of a left list (records 0..nl-1 of ``e``)
    and a right list (the rest): the rules of ``blocked_pairs`` plus each
    identifier and each pair of ``extra`` values, sorted neighbourhood within
    each key (every cross pair of a small block)."""
    mid = (e.lo + e.hi) // 2
    year = np.where(e.lo > 0, mid, -1)
    gs, fs = e.g_sk, e.f_sk
    a, b = np.minimum(gs, fs), np.maximum(gs, fs)
    a = np.where(gs < 0, -1, a)
    b = np.where(fs < 0, -1, b)
    side = (np.arange(e.n) >= nl).astype(np.int64)
    rules = [
        (_mix(a, b), mid),
        (_mix(fs, year), e.ymd),
        (_mix(gs, year), e.ymd),
        (_mix(e.g1_sk, fs), mid),
        (e.ymd, gs),
        (e.ph, mid),
    ]
    rules.extend((k, side) for k in _other_keys(oe))
    pairs: list[tuple[I64, I64]] = []
    for key, order in rules:
        left, right = sorted_pairs(key, order, window)
        x, y = np.minimum(left, right), np.maximum(left, right)
        cross = (x < nl) & (y >= nl)
        pairs.append((x[cross], y[cross]))
    return _distinct_pairs(pairs, e.n)
